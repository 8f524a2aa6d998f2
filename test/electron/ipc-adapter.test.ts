import { beforeEach, describe, expect, it, vi } from 'vitest';
import { registerControlIpc } from '../../electron/ipc-adapter';
import { type IpcResult, methodChannel } from '../../electron/ipc-protocol';
import { controlContract } from '../../server/control/control-api';
import { ControlError } from '../../server/control/control-error';
import { FakeControlApi } from '../server/control-http/fake-control-api';
import { ipcMain } from './fake-electron';

const trustedEvent = { trusted: true };
const strangerEvent = { trusted: false };

function setUp() {
  ipcMain.handlers.clear();
  const control = new FakeControlApi();
  const logError = vi.fn();
  const dispose = registerControlIpc({
    ipcMain: ipcMain as never,
    control,
    isTrustedSender: (event) => (event as unknown as { trusted: boolean }).trusted,
    logError,
  });
  const invoke = (method: string, event: object, ...args: unknown[]) =>
    ipcMain.handlers.get(methodChannel(method))!(event, ...args) as Promise<IpcResult>;
  return { control, logError, dispose, invoke };
}

describe('IPC adapter', () => {
  let t: ReturnType<typeof setUp>;
  beforeEach(() => {
    t = setUp();
  });

  it('registers exactly one handler per ControlApi method', () => {
    const expected = Object.keys(controlContract)
      .map((name) => `handshake:${name}`)
      .sort();
    expect([...ipcMain.handlers.keys()].sort()).toEqual(expected);
  });

  it('answers a trusted call with the service value', async () => {
    const result = await t.invoke('getStatus', trustedEvent);
    expect(result).toMatchObject({ ok: true, value: { localUrl: 'http://127.0.0.1:3030' } });
  });

  it('passes the validated input to the service', async () => {
    const result = await t.invoke('createUser', trustedEvent, { email: 'ada@example.com', password: 'correct horse' });
    expect(result.ok).toBe(true);
    // the schema's default for name was applied before the service saw it
    expect(t.control.calls.at(-1)).toEqual({
      name: 'createUser',
      input: { email: 'ada@example.com', password: 'correct horse', name: '', emailVerified: true },
    });
  });

  it('lets calls whose fields are all optional omit the argument', async () => {
    expect((await t.invoke('listTraffic', trustedEvent)).ok).toBe(true);
    expect(t.control.calls.at(-1)).toEqual({ name: 'listTraffic', input: {} });
  });

  it('refuses an untrusted sender without calling the service', async () => {
    for (const name of Object.keys(controlContract)) {
      const result = await t.invoke(name, strangerEvent, {});
      expect(result).toEqual({ ok: false, error: { code: 'forbidden', message: expect.any(String), status: 403 } });
    }
    expect(t.control.calls).toEqual([]);
  });

  it('refuses invalid input, naming the field, without calling the service', async () => {
    const result = await t.invoke('createUser', trustedEvent, { email: 'not-an-email', password: 'correct horse' });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'email', status: 400 } });
    const extra = await t.invoke('setPublicPort', trustedEvent, { port: 3030, host: '0.0.0.0' });
    expect(extra).toMatchObject({ ok: false, error: { code: 'invalid_input', status: 400 } });
    const wrongType = await t.invoke('getTrafficEntry', trustedEvent, 'id-as-a-string');
    expect(wrongType).toMatchObject({ ok: false, error: { code: 'invalid_input', status: 400 } });
    const tooMany = await t.invoke('getTrafficEntry', trustedEvent, { id: 'a' }, { id: 'b' });
    expect(tooMany).toMatchObject({ ok: false, error: { code: 'invalid_input', status: 400 } });
    expect(t.control.calls).toEqual([]);
  });

  it('carries a ControlError from the service across as code, message, field and status', async () => {
    t.control.failures.set('updateUser', new ControlError('conflict', 'email: already taken', 'email'));
    const result = await t.invoke('updateUser', trustedEvent, { id: 'u1', email: 'ada@example.com' });
    expect(result).toEqual({ ok: false, error: { code: 'conflict', message: 'email: already taken', field: 'email', status: 409 } });
  });

  it('hides the details of an unexpected failure and logs them', async () => {
    const boom = new Error('ENOENT /secret/path/store.json');
    t.control.failures.set('getSettings', boom);
    const result = await t.invoke('getSettings', trustedEvent);
    expect(result).toEqual({ ok: false, error: { code: 'failed', message: expect.any(String), status: 500 } });
    expect(JSON.stringify(result)).not.toContain('/secret/path');
    expect(t.logError).toHaveBeenCalledWith('getSettings', boom);
  });

  it('removes every handler when disposed', () => {
    t.dispose();
    expect(ipcMain.handlers.size).toBe(0);
  });
});

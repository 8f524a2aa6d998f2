import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./fake-electron'));

import { type ControlEvent, controlContract } from '../../server/control/control-api';
import { contextBridge, ipcRenderer } from './fake-electron';

// The preload exposes its API when it runs: run it once, against the fake electron. (A path in a variable, because
// TypeScript refuses a literal import ending in .cts.)
const preloadModule = '../../electron/preload.cts';
await import(preloadModule);

async function loadPreload(): Promise<Record<string, (...args: unknown[]) => unknown>> {
  ipcRenderer.removeAllListeners();
  ipcRenderer.invocations.length = 0;
  return contextBridge.exposed.get('handshake') as Record<string, (...args: unknown[]) => unknown>;
}

describe('preload', () => {
  it('exposes only window.handshake', async () => {
    await loadPreload();
    expect([...contextBridge.exposed.keys()]).toEqual(['handshake']);
  });

  it('exposes one function per ControlApi method plus subscribe, and nothing else', async () => {
    const api = await loadPreload();
    expect(Object.keys(api).sort()).toEqual([...Object.keys(controlContract), 'subscribe'].sort());
    for (const value of Object.values(api)) expect(typeof value).toBe('function');
    // no raw IPC, no environment
    expect(api).not.toHaveProperty('ipcRenderer');
    expect(api).not.toHaveProperty('invoke');
    expect(api).not.toHaveProperty('env');
  });

  it('calls the method channel with the input and resolves with the value', async () => {
    const api = await loadPreload();
    ipcRenderer.answer = async () => ({ ok: true, value: { id: 'u1' } });
    await expect(api.getTrafficEntry({ id: 'e1' })).resolves.toEqual({ id: 'u1' });
    await api.getStatus();
    expect(ipcRenderer.invocations).toEqual([
      { channel: 'handshake:getTrafficEntry', args: [{ id: 'e1' }] },
      { channel: 'handshake:getStatus', args: [] },
    ]);
  });

  it('rejects a refused call with code, message, field and status', async () => {
    const api = await loadPreload();
    ipcRenderer.answer = async () => ({
      ok: false,
      error: { code: 'invalid_input', message: 'email: Invalid email address', field: 'email', status: 400 },
    });
    await expect(api.createUser({ email: 'x', password: 'p' })).rejects.toEqual({
      name: 'ControlCallError',
      code: 'invalid_input',
      message: 'email: Invalid email address',
      field: 'email',
      status: 400,
    });
  });

  it('delivers pushed events one by one, without the IPC event object, until unsubscribed', async () => {
    const api = await loadPreload();
    const received: unknown[][] = [];
    const unsubscribe = api.subscribe((...args: unknown[]) => received.push(args)) as () => void;
    const batch: ControlEvent[] = [{ type: 'traffic-cleared' }, { type: 'changed', resource: 'users' }];
    ipcRenderer.emit('handshake:events', { sender: 'the IpcRendererEvent' }, batch);
    expect(received).toEqual([[batch[0]], [batch[1]]]);

    unsubscribe();
    ipcRenderer.emit('handshake:events', {}, batch);
    expect(received).toHaveLength(2);
    expect(ipcRenderer.listenerCount('handshake:events')).toBe(0);
  });
});

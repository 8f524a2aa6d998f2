import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { manageScriptingApi, type ScriptingApi } from '../../electron/scripting-api';
import { startControlServer } from '../../server/control/http/control-server';
import { FakeControlApi } from '../server/control-http/fake-control-api';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

function setUp(preferredPort = 0) {
  const control = new FakeControlApi();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'handshake-scripting-'));
  const urls: (string | null)[] = [];
  const scripting: ScriptingApi = manageScriptingApi({
    control,
    open: (port) => startControlServer({ control, port, dataDir, log: () => undefined }),
    setControlUrl: (url) => urls.push(url),
    preferredPort,
    log: () => undefined,
  });
  cleanups.push(() => scripting.stop());
  const setScripting = async (on: boolean) => {
    await control.updateSettings({ scriptingApi: on });
    control.emit({ type: 'changed', resource: 'settings' });
  };
  const token = () => readFileSync(path.join(dataDir, 'control-token'), 'utf8').trim();
  return { control, scripting, urls, setScripting, token };
}

describe('scripting API in the desktop app', () => {
  it('opens no socket while the setting is off', async () => {
    const t = setUp();
    await t.scripting.sync();
    expect(t.urls).toEqual([]);
  });

  it('opens the loopback HTTP control API when turned on, and closes it when turned off', async () => {
    const t = setUp();
    await t.setScripting(true);
    await vi.waitFor(() => expect(t.urls).toHaveLength(1));
    const url = t.urls[0]!;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const response = await fetch(`${url}/api/status`, { headers: { authorization: `Bearer ${t.token()}` } });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ localUrl: 'http://127.0.0.1:3030' });
    expect((await fetch(`${url}/api/status`)).status).toBe(401);

    await t.setScripting(false);
    await vi.waitFor(() => expect(t.urls).toEqual([url, null]));
    await expect(fetch(`${url}/api/status`)).rejects.toThrow();
  });

  it('takes a free port when the preferred one is taken', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => blocker.close(resolve)));
    const taken = (blocker.address() as { port: number }).port;

    const t = setUp(taken);
    await t.setScripting(true);
    await vi.waitFor(() => expect(t.urls).toHaveLength(1));
    expect(t.urls[0]).not.toBe(`http://127.0.0.1:${taken}`);
  });

  it('closes the API when stopped (app quit)', async () => {
    const t = setUp();
    await t.setScripting(true);
    await vi.waitFor(() => expect(t.urls).toHaveLength(1));
    await t.scripting.stop();
    expect(t.urls.at(-1)).toBeNull();
    await expect(fetch(`${t.urls[0]}/api/status`)).rejects.toThrow();
    expect(t.control.subscriberCount).toBe(0);
  });
});

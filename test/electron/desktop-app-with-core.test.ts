// The main process with the real core and the real HTTP control adapter: only Electron itself is the fake.
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./fake-electron'));

import { runDesktopApp } from '../../electron/desktop-app';
import type { IpcResult } from '../../electron/ipc-protocol';
import type { ControlEvent, Status } from '../../server/control/control-api';
import { startControlServer } from '../../server/control/http/control-server';
import { createCore } from '../../server/core/core';
import { app, BrowserWindow, resetFakeElectron } from './fake-electron';

let dataDir: string;
const blockers: Server[] = [];

async function launch(port: string) {
  const desktop = await runDesktopApp({
    createCore,
    startControlServer,
    log: () => undefined,
    env: { HANDSHAKE_DATA_DIR: dataDir, HANDSHAKE_PORT: port },
  });
  const window = BrowserWindow.instances[0];
  const call = async <T>(method: string, input?: unknown): Promise<T> => {
    const { ipcMain } = await import('./fake-electron');
    const args = input === undefined ? [] : [input];
    const result = (await ipcMain.handlers.get(`handshake:${method}`)!(
      { sender: window.webContents, senderFrame: window.webContents.mainFrame },
      ...args,
    )) as IpcResult<T>;
    if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
    return result.value;
  };
  const pushed = () => window.webContents.sent.flatMap((message) => message.args[0] as ControlEvent[]);
  const quit = async () => {
    app.quit();
    await vi.waitFor(() => expect(app.quitted).toBe(true), { timeout: 10_000 });
  };
  return { desktop: desktop!, window, call, pushed, quit };
}

beforeEach(() => {
  resetFakeElectron();
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'handshake-desktop-core-'));
});
afterEach(async () => {
  if (!app.quitted) app.quit();
  for (const blocker of blockers.splice(0)) await new Promise((resolve) => blocker.close(resolve));
});

describe('desktop app with the real core', () => {
  it('serves ChatGPT on the public listener, shows its traffic live, and closes it on quit', async () => {
    const t = await launch('0');
    const status = await t.call<Status>('getStatus');
    expect(status).toMatchObject({
      mode: 'desktop',
      dataDir,
      listener: { state: 'listening' },
      secretStorage: 'encrypted',
      controlUrl: null,
    });

    const manifest = await fetch(`${status.localUrl}/.well-known/ai-plugin.json`);
    expect(manifest.status).toBe(200);
    const token = await fetch(`${status.localUrl}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'authorization_code', code: 'bogus', client_id: 'nobody', client_secret: 'x' }),
    });
    expect(token.status).toBeGreaterThanOrEqual(400);
    await vi.waitFor(() =>
      expect(t.pushed().some((event) => event.type === 'traffic' && event.entry.path.startsWith('/oauth/token'))).toBe(true),
    );

    await t.quit();
    await expect(fetch(`${status.localUrl}/.well-known/ai-plugin.json`)).rejects.toThrow();
  });

  it('opens the scripting API only when turned on, and closes it on quit', async () => {
    const t = await launch('0');
    await t.call('updateSettings', { scriptingApi: true });
    await vi.waitFor(async () => expect((await t.call<Status>('getStatus')).controlUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/));
    const { controlUrl, controlToken } = await t.call<Status>('getStatus');
    expect(controlToken).toBe(readFileSync(path.join(dataDir, 'control-token'), 'utf8').trim());
    const response = await fetch(`${controlUrl}/api/status`, { headers: { authorization: `Bearer ${controlToken}` } });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ mode: 'desktop', controlUrl });

    await t.quit();
    await expect(fetch(`${controlUrl}/api/status`)).rejects.toThrow();
  });

  it('reports a taken port in the window and recovers when the user picks another', async () => {
    const blocker = createServer();
    blockers.push(blocker);
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const taken = (blocker.address() as { port: number }).port;

    const t = await launch(String(taken));
    expect(t.window).toBeDefined();
    expect((await t.call<Status>('getStatus')).listener).toMatchObject({ state: 'failed', port: taken });

    const recovered = await t.call<Status>('setPublicPort', { port: 0 });
    expect(recovered.listener.state).toBe('listening');
    expect((await fetch(`${recovered.localUrl}/.well-known/ai-plugin.json`)).status).toBe(200);
    await t.quit();
  });
});

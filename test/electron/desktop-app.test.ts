import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./fake-electron'));

import { runDesktopApp } from '../../electron/desktop-app';
import type { IpcResult } from '../../electron/ipc-protocol';
import { controlContract } from '../../server/control/control-api';
import { type Core, type CoreOptions, PortInUseError } from '../../server/core/core-types';
import { FakeControlApi } from '../server/control-http/fake-control-api';
import {
  app,
  BrowserWindow,
  clipboard,
  dialog,
  fakeSession,
  ipcMain,
  Menu,
  protocol,
  resetFakeElectron,
  safeStorage,
  shell,
} from './fake-electron';

class FakeCore implements Core {
  readonly control = new FakeControlApi();
  readonly localUrl = 'http://127.0.0.1:3030';
  started = 0;
  stopped = 0;
  controlUrl: string | null = null;
  constructor(
    readonly options: CoreOptions,
    private readonly startError: unknown = null,
  ) {}
  async start() {
    this.started++;
    if (this.startError) throw this.startError;
  }
  async stop() {
    this.stopped++;
  }
  setControlUrl(url: string | null) {
    this.controlUrl = url;
  }
}

async function launch({ startError = null as unknown, env = {} as NodeJS.ProcessEnv } = {}) {
  let core: FakeCore | null = null;
  const startControlServer = vi.fn();
  const desktop = await runDesktopApp({
    createCore: (options) => (core = new FakeCore(options, startError)),
    startControlServer,
    log: () => undefined,
    env,
  });
  const window = BrowserWindow.instances[0];
  const invoke = (method: string, frame = window.webContents.mainFrame, sender = window.webContents, ...args: unknown[]) =>
    ipcMain.handlers.get(`handshake:${method}`)!({ sender, senderFrame: frame }, ...args) as Promise<IpcResult>;
  return { desktop, core: core as FakeCore | null, window, invoke, startControlServer };
}

type MenuItem = { label?: string; click?: () => void; submenu?: MenuItem[] };
function menuItem(label: string): MenuItem {
  const walk = (items: MenuItem[]): MenuItem | undefined =>
    items.map((item) => (item.label === label ? item : item.submenu && walk(item.submenu))).find(Boolean);
  const found = walk(Menu.current!.template as MenuItem[]);
  if (!found) throw new Error(`no menu item ${label}`);
  return found;
}

describe('desktop app main process', () => {
  let appData: string;
  beforeEach(() => {
    resetFakeElectron();
    appData = mkdtempSync(path.join(os.tmpdir(), 'handshake-appdata-'));
    app.setPath('appData', appData);
  });

  it('runs the core in desktop mode on the shared Handshake data folder', async () => {
    const { core } = await launch();
    expect(core!.options.mode).toBe('desktop');
    expect(core!.options.dataDir).toBe(path.join(appData, 'Handshake'));
    expect(app.getPath('userData')).toBe(path.join(appData, 'Handshake'));
    expect(core!.started).toBe(1);
    expect(core!.options.secretBox?.encrypted).toBe(true);
  });

  it('takes the data folder and public port from HANDSHAKE_DATA_DIR and HANDSHAKE_PORT', async () => {
    const dataDir = path.join(appData, 'custom');
    const { core } = await launch({ env: { HANDSHAKE_DATA_DIR: dataDir, HANDSHAKE_PORT: '0' } });
    expect(core!.options).toMatchObject({ dataDir, port: 0 });
    resetFakeElectron();
    app.setPath('appData', appData);
    const defaults = await launch({ env: { HANDSHAKE_PORT: 'eighty' } });
    expect(defaults.core!.options.port).toBeUndefined();
  });

  it("keeps secrets plain (and says so) when Linux offers only 'basic_text'", async () => {
    safeStorage.backend = 'basic_text';
    const { core } = await launch();
    expect(core!.options.secretBox?.encrypted).toBe(process.platform !== 'linux');
  });

  it('creates one window with the secure web preferences, showing the app over app://', async () => {
    const { window } = await launch();
    expect(BrowserWindow.instances).toHaveLength(1);
    expect(window.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
    expect(window.options.webPreferences.preload).toBe(path.join(process.cwd(), 'dist', 'electron', 'preload.cjs'));
    expect(window.loadedUrl).toBe('app://handshake/index.html');
    expect(protocol.privileged).toEqual([expect.objectContaining({ scheme: 'app' })]);
    expect(protocol.handlers.has('app')).toBe(true);
  });

  it('answers every ControlApi method over IPC for its window, and refuses anyone else', async () => {
    const { invoke, window } = await launch();
    expect([...ipcMain.handlers.keys()].sort()).toEqual(
      Object.keys(controlContract)
        .map((n) => `handshake:${n}`)
        .sort(),
    );
    expect(await invoke('getStatus')).toMatchObject({ ok: true, value: { localUrl: 'http://127.0.0.1:3030' } });

    const iframe = { ...window.webContents.mainFrame, routingId: 7 };
    expect(await invoke('getStatus', iframe)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const stranger = new BrowserWindow({ width: 100, height: 100 });
    await stranger.loadURL('app://handshake/index.html');
    expect(await invoke('getStatus', stranger.webContents.mainFrame, stranger.webContents)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await invoke('setPublicPort', undefined, undefined, { port: 'eighty' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', field: 'port' },
    });
  });

  it('pushes core events to the window in batches', async () => {
    const { core, window } = await launch();
    core!.control.emit({ type: 'traffic-cleared' });
    core!.control.emit({ type: 'changed', resource: 'users' });
    await vi.waitFor(() => expect(window.webContents.sent).toHaveLength(1));
    expect(window.webContents.sent[0]).toEqual({
      channel: 'handshake:events',
      args: [[{ type: 'traffic-cleared' }, { type: 'changed', resource: 'users' }]],
    });
  });

  it('locks navigation and new windows, and denies permissions', async () => {
    const { window } = await launch();
    expect(window.webContents.navigate('https://evil.example/')).toBe(false);
    expect(shell.openExternal).toHaveBeenCalledWith('https://evil.example/');
    expect(window.webContents.windowOpenHandler!({ url: 'https://chatgpt.com/' })).toEqual({ action: 'deny' });
    const callback = vi.fn();
    fakeSession.permissionRequestHandler!(window.webContents, 'media', callback);
    expect(callback).toHaveBeenCalledWith(false);
  });

  it('stops the core before quitting', async () => {
    const { core } = await launch();
    app.quit();
    expect(app.quitted).toBe(false); // held until the core has stopped
    await vi.waitFor(() => expect(app.quitted).toBe(true));
    expect(core!.stopped).toBe(1);
    expect(core!.control.subscriberCount).toBe(0);
    expect(ipcMain.handlers.size).toBe(0);
  });

  it('keeps the window up when the public port is taken, so the user can choose another', async () => {
    const { core, window } = await launch({ startError: new PortInUseError(3030) });
    expect(core!.started).toBe(1);
    expect(window).toBeDefined();
    expect(dialog.showErrorBox).not.toHaveBeenCalled();
    expect(app.exitCode).toBeNull();
    const { invoke } = {
      invoke: (m: string, input: unknown) =>
        ipcMain.handlers.get(`handshake:${m}`)!({ sender: window.webContents, senderFrame: window.webContents.mainFrame }, input),
    };
    expect(await invoke('setPublicPort', { port: 3040 })).toMatchObject({ ok: true, value: { listener: { port: 3040 } } });
  });

  it('says why and exits when the core cannot start for another reason', async () => {
    const { core } = await launch({ startError: new Error('EACCES: permission denied, open store.json') });
    expect(dialog.showErrorBox).toHaveBeenCalledWith('Handshake could not start', 'EACCES: permission denied, open store.json');
    expect(app.exitCode).toBe(1);
    expect(core!.stopped).toBe(1);
    expect(BrowserWindow.instances).toHaveLength(0);
  });

  it('says why and exits when the data folder cannot be opened', async () => {
    await runDesktopApp({
      createCore: async () => {
        throw new Error('EACCES: permission denied, mkdir');
      },
      startControlServer: vi.fn(),
      log: () => undefined,
    });
    expect(dialog.showErrorBox).toHaveBeenCalledWith('Handshake could not start', 'EACCES: permission denied, mkdir');
    expect(app.exitCode).toBe(1);
    expect(BrowserWindow.instances).toHaveLength(0);
  });

  it('leaves the running instance alone when started twice', async () => {
    app.singleInstance = false;
    const { desktop, core } = await launch();
    expect(desktop).toBeNull();
    expect(core).toBeNull();
    expect(app.quitRequests).toBe(1);
  });

  it('opens no control socket unless the scripting API is on', async () => {
    const { startControlServer, core } = await launch();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(startControlServer).not.toHaveBeenCalled();
    expect(core!.controlUrl).toBeNull();
  });

  it('remembers the window size and position', async () => {
    const first = await launch();
    first.window.options.x = 42;
    first.window.options.y = 64;
    first.window.close();
    expect(existsSync(path.join(appData, 'Handshake', 'window-state.json'))).toBe(true);

    resetFakeElectron();
    app.setPath('appData', appData);
    const second = await launch();
    expect(second.window.options).toMatchObject({ x: 42, y: 64, width: 1280, height: 820 });
  });

  it('menu: copies the manifest and public URLs, opens the data and traffic folders', async () => {
    const { core } = await launch();
    menuItem('Copy Manifest URL').click!();
    await vi.waitFor(() => expect(clipboard.writeText).toHaveBeenCalledWith('http://127.0.0.1:3030/.well-known/ai-plugin.json'));

    menuItem('Copy Public URL').click!();
    await vi.waitFor(() => expect(dialog.showMessageBox).toHaveBeenCalledWith(expect.objectContaining({ message: 'No public URL yet' })));

    vi.spyOn(core!.control, 'getStatus').mockResolvedValue({
      ...(await core!.control.getStatus()),
      dataDir: appData,
      publicUrl: 'https://demo.ngrok.app',
    });
    menuItem('Copy Public URL').click!();
    await vi.waitFor(() => expect(clipboard.writeText).toHaveBeenCalledWith('https://demo.ngrok.app'));

    menuItem('Open Data Folder').click!();
    await vi.waitFor(() => expect(shell.openPath).toHaveBeenCalledWith(appData));
    menuItem('Reveal Traffic Logs').click!();
    await vi.waitFor(() => expect(shell.openPath).toHaveBeenCalledWith(path.join(appData, 'traffic')));
    expect(existsSync(path.join(appData, 'traffic'))).toBe(true);

    menuItem('About Handshake').click!();
    expect(dialog.showMessageBox).toHaveBeenLastCalledWith(expect.objectContaining({ message: 'Handshake 0.0.0-test' }));
  });
});

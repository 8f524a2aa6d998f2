// A stand-in for the 'electron' module (its binary cannot be downloaded here). Tests install it with
// vi.mock('electron', () => import('./fake-electron')). It records what the main process asks of Electron and lets
// a test play the parts Electron would: app events, IPC invocations, navigation, permission requests.
import { EventEmitter } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { vi } from 'vitest';

type Handler = (event: unknown, ...args: unknown[]) => unknown;

export class FakeWebContents extends EventEmitter {
  static nextId = 1;
  readonly id = FakeWebContents.nextId++;
  readonly mainFrame = { processId: this.id, routingId: 1, url: '', parent: null };
  readonly sent: { channel: string; args: unknown[] }[] = [];
  windowOpenHandler: ((details: { url: string }) => { action: 'allow' | 'deny' }) | null = null;
  destroyed = false;

  send(channel: string, ...args: unknown[]) {
    this.sent.push({ channel, args });
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'allow' | 'deny' }) {
    this.windowOpenHandler = handler;
  }
  isDestroyed() {
    return this.destroyed;
  }
  /** Plays a navigation the page starts; true when the app let it happen. */
  navigate(url: string, eventName: 'will-navigate' | 'will-redirect' = 'will-navigate'): boolean {
    let prevented = false;
    this.emit(eventName, { preventDefault: () => (prevented = true), url }, url);
    return !prevented;
  }
}

export class BrowserWindow extends EventEmitter {
  static instances: BrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  loadedUrl: string | null = null;
  maximized = false;
  visible = false;
  destroyed = false;

  constructor(readonly options: Record<string, any>) {
    super();
    BrowserWindow.instances.push(this);
    app.emit('web-contents-created', {}, this.webContents);
  }
  loadURL(url: string) {
    this.loadedUrl = url;
    this.webContents.mainFrame.url = url;
    return Promise.resolve();
  }
  loadFile(file: string) {
    return this.loadURL(`file://${file}`);
  }
  isDestroyed() {
    return this.destroyed;
  }
  isMinimized() {
    return false;
  }
  restore() {}
  focus() {}
  show() {
    this.visible = true;
  }
  maximize() {
    this.maximized = true;
  }
  isMaximized() {
    return this.maximized;
  }
  getNormalBounds() {
    return { x: this.options.x ?? 10, y: this.options.y ?? 20, width: this.options.width, height: this.options.height };
  }
  close() {
    this.emit('close', { preventDefault() {} });
    this.destroyed = true;
    this.webContents.destroyed = true;
    this.emit('closed');
  }
}

class FakeApp extends EventEmitter {
  paths = new Map<string, string>();
  name = 'electron';
  isPackaged = false;
  appPath = process.cwd();
  singleInstance = true;
  quitRequests = 0;
  /** True once a quit went through (no before-quit handler prevented it). */
  quitted = false;
  exitCode: number | null = null;

  setName(name: string) {
    this.name = name;
  }
  getName() {
    return this.name;
  }
  getVersion() {
    return '0.0.0-test';
  }
  setPath(name: string, value: string) {
    this.paths.set(name, value);
  }
  getPath(name: string) {
    return this.paths.get(name) ?? path.join(os.tmpdir(), `fake-electron-${name}`);
  }
  getAppPath() {
    return this.appPath;
  }
  requestSingleInstanceLock() {
    return this.singleInstance;
  }
  whenReady() {
    return Promise.resolve();
  }
  quit() {
    this.quitRequests++;
    let prevented = false;
    this.emit('before-quit', { preventDefault: () => (prevented = true) });
    if (!prevented) this.quitted = true;
  }
  exit(code = 0) {
    this.exitCode = code;
  }
}

export const app = new FakeApp();

export const ipcMain = {
  handlers: new Map<string, Handler>(),
  handle(channel: string, handler: Handler) {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, handler);
  },
  removeHandler(channel: string) {
    this.handlers.delete(channel);
  },
};

export const protocol = {
  privileged: [] as unknown[],
  handlers: new Map<string, (request: Request) => Promise<Response>>(),
  registerSchemesAsPrivileged(schemes: unknown[]) {
    this.privileged.push(...schemes);
  },
  handle(scheme: string, handler: (request: Request) => Promise<Response>) {
    this.handlers.set(scheme, handler);
  },
};

type PermissionRequestHandler = (
  contents: unknown,
  permission: string,
  callback: (granted: boolean) => void,
  details?: { requestingUrl?: string },
) => void;
type CheckHandler = (...args: unknown[]) => boolean;

export const fakeSession = {
  permissionRequestHandler: null as null | PermissionRequestHandler,
  permissionCheckHandler: null as null | CheckHandler,
  devicePermissionHandler: null as null | CheckHandler,
  setPermissionRequestHandler(handler: PermissionRequestHandler | null) {
    this.permissionRequestHandler = handler;
  },
  setPermissionCheckHandler(handler: CheckHandler | null) {
    this.permissionCheckHandler = handler;
  },
  setDevicePermissionHandler(handler: CheckHandler | null) {
    this.devicePermissionHandler = handler;
  },
};
export const session = { defaultSession: fakeSession };

export const safeStorage = {
  available: true,
  backend: 'gnome_libsecret',
  isEncryptionAvailable() {
    return this.available;
  },
  getSelectedStorageBackend() {
    return this.backend;
  },
  encryptString: (plain: string) => Buffer.from(`sealed(${plain})`),
  decryptString: (sealed: Buffer) => sealed.toString().replace(/^sealed\((.*)\)$/s, '$1'),
};

export const screen = { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] };
export const shell = { openExternal: vi.fn(async () => undefined), openPath: vi.fn(async () => '') };
export const clipboard = { writeText: vi.fn() };
export const dialog = { showErrorBox: vi.fn(), showMessageBox: vi.fn(async () => ({ response: 0 })) };
export const Menu = {
  current: null as null | { template: unknown[] },
  buildFromTemplate: (template: unknown[]) => ({ template }),
  setApplicationMenu(menu: { template: unknown[] } | null) {
    this.current = menu;
  },
};

export const contextBridge = {
  exposed: new Map<string, unknown>(),
  exposeInMainWorld(key: string, api: unknown) {
    this.exposed.set(key, api);
  },
};

export const ipcRenderer = Object.assign(new EventEmitter(), {
  invocations: [] as { channel: string; args: unknown[] }[],
  answer: (async () => ({ ok: true, value: null })) as (channel: string, ...args: unknown[]) => Promise<unknown>,
  invoke(channel: string, ...args: unknown[]) {
    this.invocations.push({ channel, args });
    return this.answer(channel, ...args);
  },
});

/** Back to a fresh Electron between tests. */
export function resetFakeElectron(): void {
  app.removeAllListeners();
  Object.assign(app, {
    name: 'electron',
    isPackaged: false,
    appPath: process.cwd(),
    singleInstance: true,
    quitRequests: 0,
    quitted: false,
    exitCode: null,
  });
  app.paths.clear();
  ipcMain.handlers.clear();
  protocol.privileged.length = 0;
  protocol.handlers.clear();
  Object.assign(fakeSession, { permissionRequestHandler: null, permissionCheckHandler: null, devicePermissionHandler: null });
  Object.assign(safeStorage, { available: true, backend: 'gnome_libsecret' });
  BrowserWindow.instances.length = 0;
  Menu.current = null;
  contextBridge.exposed.clear();
  ipcRenderer.removeAllListeners();
  ipcRenderer.invocations.length = 0;
  vi.clearAllMocks();
}

import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { app, type BrowserWindow, clipboard, dialog, ipcMain, Menu, protocol, safeStorage, screen, session, shell } from 'electron';
import type { ControlServer, ControlServerOptions } from '../server/control/http/control-server';
import { type Core, type CoreOptions, PortInUseError } from '../server/core/core-types';
import { buildMenuTemplate } from './app-menu';
import { appIndexUrl, appScheme, appSchemePrivileges, createAppProtocolHandler } from './app-protocol';
import { startEventBatcher } from './event-batcher';
import { registerControlIpc } from './ipc-adapter';
import { eventsChannel } from './ipc-protocol';
import { createMainWindow, currentWindowState } from './main-window';
import { createSafeStorageSecretBox } from './safe-storage-secret-box';
import { manageScriptingApi } from './scripting-api';
import { isTrustedSender } from './trusted-sender';
import { denyAllPermissions, lockDownWebContents } from './web-contents-lockdown';
import { loadWindowState, saveWindowState } from './window-state';

export interface DesktopAppDeps {
  createCore(options: CoreOptions): Core | Promise<Core>;
  startControlServer(options: ControlServerOptions): Promise<ControlServer>;
  log?(line: string): void;
  /** HANDSHAKE_DATA_DIR (like `npm run serve`) and HANDSHAKE_PORT override the data folder and public port. */
  env?: NodeJS.ProcessEnv;
}

export interface DesktopApp {
  core: Core;
  window(): BrowserWindow | null;
  /** Resolves when the core and the scripting API are stopped. */
  shutDown(): Promise<void>;
}

/** The name of the userData folder, shared with `npm run serve`'s default data dir. */
export const productName = 'Handshake';

/**
 * The main process: one instance, the core in-process on the userData folder, one locked-down window showing the
 * dashboard over IPC, and a graceful quit. Resolves null when another instance already runs.
 */
export async function runDesktopApp({
  createCore,
  startControlServer,
  log = console.log,
  env = process.env,
}: DesktopAppDeps): Promise<DesktopApp | null> {
  app.setName(productName);
  app.setPath('userData', env.HANDSHAKE_DATA_DIR ? path.resolve(env.HANDSHAKE_DATA_DIR) : path.join(app.getPath('appData'), productName));
  const port = portFromEnv(env.HANDSHAKE_PORT, log);
  protocol.registerSchemesAsPrivileged([appSchemePrivileges]);

  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return null;
  }

  const appPath = app.getAppPath();
  const rendererDir = path.join(appPath, 'dist', 'renderer');
  const dataDir = app.getPath('userData');
  const windowStateFile = path.join(dataDir, 'window-state.json');
  const openExternal = (url: string) => shell.openExternal(url);
  let window: BrowserWindow | null = null;

  app.on('web-contents-created', (_event, contents) => lockDownWebContents(contents, openExternal));
  app.on('second-instance', () => {
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });

  await app.whenReady();
  denyAllPermissions(session.defaultSession);
  protocol.handle(appScheme, createAppProtocolHandler(rendererDir));

  let core: Core | null = null;
  try {
    core = await createCore({ mode: 'desktop', dataDir, port, secretBox: createSafeStorageSecretBox(safeStorage), log });
    await core.start();
  } catch (error) {
    // The window shows listener state 'failed' and lets the user pick another port (setPublicPort).
    if (!(error instanceof PortInUseError) || !core) {
      dialog.showErrorBox('Handshake could not start', error instanceof Error ? error.message : String(error));
      await core?.stop().catch(() => undefined);
      app.exit(1);
      return null;
    }
    log(`${error.message}: choose another port in the window`);
  }
  const running = core;

  const disposeIpc = registerControlIpc({
    ipcMain,
    control: running.control,
    isTrustedSender: (event) => isTrustedSender(event, window),
  });
  const stopEvents = startEventBatcher({
    control: running.control,
    send: (batch) => {
      if (window && !window.isDestroyed()) window.webContents.send(eventsChannel, batch);
    },
  });
  const scripting = manageScriptingApi({
    control: running.control,
    open: (port) => startControlServer({ control: running.control, port, dataDir, staticDir: rendererDir, log }),
    setControlUrl: (url, token) => running.setControlUrl(url, token),
    log,
  });
  void scripting.sync();

  const showWindow = () => {
    const state = loadWindowState(
      windowStateFile,
      screen.getAllDisplays().map((display) => display.workArea),
    );
    const created = createMainWindow({
      preload: path.join(appPath, 'dist', 'electron', 'preload.cjs'),
      icon: path.join(appPath, 'assets', 'icon.png'),
      state,
      devTools: !app.isPackaged,
    });
    created.on('close', () => saveWindowState(windowStateFile, currentWindowState(created)));
    created.on('closed', () => {
      if (window === created) window = null;
    });
    window = created;
    void created.loadURL(appIndexUrl);
  };

  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      buildMenuTemplate({
        getStatus: () => running.control.getStatus(),
        copy: (text) => clipboard.writeText(text),
        tell: (message, detail) => void dialog.showMessageBox({ type: 'info', message, detail }),
        openFolder: (folder) => {
          mkdirSync(folder, { recursive: true });
          void shell.openPath(folder);
        },
        logsFolder: (dir) => path.join(dir, 'traffic'),
        showAbout: () =>
          void dialog.showMessageBox({
            type: 'info',
            title: 'About Handshake',
            message: `Handshake ${app.getVersion()}`,
            detail: `The OAuth 2.0 server, tunnel and traffic inspector for ChatGPT plugins.\n\nData folder: ${dataDir}\nElectron ${process.versions.electron ?? '?'} · Node ${process.versions.node}`,
          }),
        isPackaged: app.isPackaged,
        platform: process.platform,
      }),
    ),
  );

  showWindow();
  app.on('activate', () => {
    if (!window) showWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  let shutdown: Promise<void> | null = null;
  let finished = false;
  const shutDown = () =>
    (shutdown ??= (async () => {
      stopEvents();
      disposeIpc();
      await scripting.stop();
      await running.stop();
    })());

  app.on('before-quit', (event) => {
    if (finished) return;
    event.preventDefault();
    shutDown()
      .catch((error: unknown) => log(`while stopping: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => {
        finished = true;
        app.quit();
      });
  });

  return { core: running, window: () => window, shutDown };
}

function portFromEnv(value: string | undefined, log: (line: string) => void): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (/^\d{1,5}$/.test(value) && Number(value) <= 65535) return Number(value);
  log(`HANDSHAKE_PORT must be a port number from 0 to 65535, not "${value}"; using the default`);
  return undefined;
}

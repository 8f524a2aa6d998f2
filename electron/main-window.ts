import { BrowserWindow, type WebPreferences } from 'electron';
import type { WindowState } from './window-state';

/** Nothing in the page can reach Node or Electron: it sees only what the preload exposes (window.handshake). */
export function secureWebPreferences(preload: string, devTools: boolean): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false,
    devTools,
  };
}

export interface MainWindowOptions {
  preload: string;
  state: WindowState;
  icon: string;
  devTools: boolean;
}

export function createMainWindow({ preload, state, icon, devTools }: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    title: 'Handshake',
    width: state.width,
    height: state.height,
    ...(state.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : {}),
    minWidth: 640,
    minHeight: 420,
    show: false,
    icon,
    backgroundColor: '#1e1b4b',
    webPreferences: secureWebPreferences(preload, devTools),
  });
  if (state.maximized) window.maximize();
  window.once('ready-to-show', () => window.show());
  return window;
}

export function currentWindowState(window: BrowserWindow): WindowState {
  const bounds = window.getNormalBounds();
  return { ...bounds, maximized: window.isMaximized() };
}

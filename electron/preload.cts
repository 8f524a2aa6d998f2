// The sandboxed preload (bundled to CommonJS by scripts/build-electron.mjs): exposes the fixed ControlApi object
// and nothing else: no ipcRenderer, no generic channel, no process.env.
import { contextBridge, ipcRenderer } from 'electron';
import { createPreloadApi } from './preload-api';

contextBridge.exposeInMainWorld('handshake', createPreloadApi(ipcRenderer));

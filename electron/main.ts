// Electron entry (bundled to dist/electron/main.cjs by scripts/build-electron.mjs).
import { startControlServer } from '../server/control/http/control-server';
import { createCore } from '../server/core/core';
import { runDesktopApp } from './desktop-app';

runDesktopApp({ createCore, startControlServer }).catch((error: unknown) => {
  console.error('Handshake failed to start:', error);
  process.exit(1);
});

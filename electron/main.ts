// Electron entry (bundled to dist/electron/main.cjs by scripts/build-electron.mjs).

import { app } from 'electron';
import { startControlServer } from '../server/control/http/control-server';
import { createCore } from '../server/core/core';
import { runDesktopApp } from './desktop-app';

// Ctrl+C in the terminal of `npm start` quits through the same graceful path as the menu.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => app.quit());

runDesktopApp({ createCore, startControlServer }).catch((error: unknown) => {
  console.error('Handshake failed to start:', error);
  process.exit(1);
});

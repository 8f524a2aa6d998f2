#!/usr/bin/env node
// Bundles the Electron main process and preload into dist/electron/ (CommonJS, as Electron loads them):
//   electron/main.ts     → dist/electron/main.cjs    (the core from server/ bundled in; native/runtime deps external)
//   electron/preload.cts → dist/electron/preload.cjs (sandboxed preloads may require only 'electron' and a few built-ins)
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'dist', 'electron');
rmSync(outdir, { recursive: true, force: true });

const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node22', // Electron 45 ships Node 22
  sourcemap: 'linked',
  logLevel: 'warning',
  legalComments: 'none',
};

await build({
  ...common,
  entryPoints: { preload: 'electron/preload.cts' },
  outExtension: { '.js': '.cjs' },
  outdir,
  external: ['electron'],
  sourcemap: false,
});

await build({
  ...common,
  entryPoints: { main: 'electron/main.ts' },
  outExtension: { '.js': '.cjs' },
  outdir,
  // electron is provided by the runtime; @ngrok/ngrok loads a platform .node file, so it stays in node_modules
  // (unpacked from the asar by electron-builder).
  external: ['electron', '@ngrok/ngrok'],
  // import('@ngrok/ngrok') becomes require(): Electron's require reads packages inside (and unpacked from) the asar.
  supported: { 'dynamic-import': false },
  // ESM sources that locate files next to themselves keep working in the CommonJS bundle.
  define: { 'import.meta.url': '__handshakeImportMetaUrl', 'import.meta.dirname': '__dirname', 'import.meta.filename': '__filename' },
  banner: { js: 'const __handshakeImportMetaUrl = require("node:url").pathToFileURL(__filename).href;' },
});

console.log(`built ${path.relative(root, outdir)}/main.cjs and preload.cjs`);

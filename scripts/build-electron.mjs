#!/usr/bin/env node
import { mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
// Bundles the Electron main process and preload into dist/electron/ (CommonJS, as Electron loads them):
//   electron/main.ts     → dist/electron/main.cjs    (the core from server/ bundled in; native/runtime deps external)
//   electron/preload.cts → dist/electron/preload.cjs (sandboxed preloads may require only 'electron' and a few built-ins)
// `--outdir DIR` builds elsewhere (tests). Files are written next to the target and renamed into place, so a
// process reading the bundle at the same time sees the old file or the new one, never half of one.
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { outdir: { type: 'string' } } });
const outdir = path.resolve(root, values.outdir ?? path.join('dist', 'electron'));
mkdirSync(outdir, { recursive: true });
const staging = mkdtempSync(path.join(outdir, '.staging-'));

const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node24', // Electron 45 ships Node 24.21
  logLevel: 'warning',
  legalComments: 'none',
  outExtension: { '.js': '.cjs' },
  outdir: staging,
};

try {
  await build({
    ...common,
    entryPoints: { preload: 'electron/preload.cts' },
    external: ['electron'],
  });

  await build({
    ...common,
    entryPoints: { main: 'electron/main.ts' },
    sourcemap: 'linked',
    // electron is provided by the runtime; @ngrok/ngrok loads a platform .node file, so it stays in node_modules
    // (unpacked from the asar by electron-builder).
    external: ['electron', '@ngrok/ngrok'],
    // import('@ngrok/ngrok') becomes require(): Electron's require reads packages inside (and unpacked from) the asar.
    supported: { 'dynamic-import': false },
    // ESM sources that locate files next to themselves keep working in the CommonJS bundle.
    define: { 'import.meta.url': '__handshakeImportMetaUrl', 'import.meta.dirname': '__dirname', 'import.meta.filename': '__filename' },
    banner: { js: 'const __handshakeImportMetaUrl = require("node:url").pathToFileURL(__filename).href;' },
  });

  for (const file of readdirSync(staging)) renameSync(path.join(staging, file), path.join(outdir, file));
} finally {
  rmSync(staging, { recursive: true, force: true });
}

console.log(`built ${path.relative(root, outdir) || '.'}/main.cjs and preload.cjs`);

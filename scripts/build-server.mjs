#!/usr/bin/env node
import { mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
// Bundles the headless server (`npm run serve`) into dist/server/serve.mjs (and `npm run check` into check.mjs), so it runs under plain `node`: no tsx
// compiling TypeScript at each start, and one file to read instead of hundreds of modules.
// @ngrok/ngrok loads a platform .node file, so it stays in node_modules. `--outdir DIR` builds elsewhere (tests).
// The bundle is written next to the target and renamed into place, so a start never reads half a file.
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { outdir: { type: 'string' } } });
const outdir = path.resolve(root, values.outdir ?? path.join('dist', 'server'));
mkdirSync(outdir, { recursive: true });
const staging = mkdtempSync(path.join(outdir, '.staging-'));

try {
  await build({
    absWorkingDir: root,
    entryPoints: { serve: 'server/cli/serve.ts', check: 'server/cli/check.ts' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    outdir: staging,
    outExtension: { '.js': '.mjs' },
    logLevel: 'warning',
    legalComments: 'none',
    sourcemap: 'linked',
    external: ['@ngrok/ngrok'],
    // The CommonJS packages bundled in (express and its dependencies) call require() for Node's built-ins.
    banner: {
      js: "import { createRequire as __handshakeCreateRequire } from 'node:module'; const require = __handshakeCreateRequire(import.meta.url);",
    },
  });
  for (const file of readdirSync(staging)) renameSync(path.join(staging, file), path.join(outdir, file));
} finally {
  rmSync(staging, { recursive: true, force: true });
}

console.log(`built ${path.relative(root, outdir) || '.'}/serve.mjs and check.mjs`);

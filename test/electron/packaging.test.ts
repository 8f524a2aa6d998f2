// Packaging smoke test: electron-builder --dir with a placeholder Electron (its real binary cannot be downloaded
// here; electron-builder only copies the directory), then look inside what it produced.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire, isBuiltin } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const require = createRequire(import.meta.url);
const builderCli = path.join(root, 'node_modules', 'electron-builder', 'cli.js');
const missingBuilder = !existsSync(builderCli);
if (missingBuilder) console.log('packaging smoke test skipped: electron-builder is not installed');

const electronVersion = (require('electron/package.json') as { version: string }).version;

type Asar = typeof import('@electron/asar');
let asar: Asar;
let outDir: string;
let entries: string[];

function run(command: string, args: string[]) {
  // NODE_ENV: Vitest's 'test' would make `vite build` a development build.
  const result = spawnSync(command, args, {
    cwd: root,
    encoding: 'utf8',
    timeout: 240_000,
    env: { ...process.env, CI: 'true', NODE_ENV: 'production' },
  });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

describe.skipIf(missingBuilder)('packaged app (electron-builder --dir, Linux)', () => {
  beforeAll(() => {
    run(process.execPath, ['scripts/build-electron.mjs']);
    // The renderer build belongs to `npm run build`; build it only when missing, so parallel suites keep theirs.
    if (!existsSync(path.join(root, 'dist', 'renderer', 'index.html'))) run('npx', ['vite', 'build', '--logLevel', 'warn']);

    const work = mkdtempSync(path.join(os.tmpdir(), 'handshake-package-'));
    const placeholderElectron = path.join(work, 'electron-dist');
    mkdirSync(placeholderElectron);
    writeFileSync(path.join(placeholderElectron, 'electron'), '#!/bin/sh\necho "placeholder Electron"\n');
    chmodSync(path.join(placeholderElectron, 'electron'), 0o755);
    outDir = path.join(work, 'release');

    run(process.execPath, [
      builderCli,
      '--dir',
      '--linux',
      `-c.electronDist=${placeholderElectron}`,
      `-c.electronVersion=${electronVersion}`,
      `-c.directories.output=${outDir}`,
    ]);
    asar = require('@electron/asar') as Asar;
    entries = asar
      .listPackage(path.join(outDir, 'linux-unpacked', 'resources', 'app.asar'), { isPack: false })
      .map((entry) => entry.split(path.sep).join('/'));
  }, 300_000);

  const archive = () => path.join(outDir, 'linux-unpacked', 'resources', 'app.asar');

  it('holds the built main, preload and renderer, and the images the app reads', () => {
    for (const file of [
      '/dist/electron/main.cjs',
      '/dist/electron/preload.cjs',
      '/dist/renderer/index.html',
      '/assets/plugin-logo.png',
      '/assets/icon.png',
      '/package.json',
    ]) {
      expect(entries).toContain(file);
    }
    expect(entries.some((entry) => /^\/dist\/renderer\/assets\/index-.*\.js$/.test(entry))).toBe(true);
    const manifest = JSON.parse(asar.extractFile(archive(), 'package.json').toString()) as { main: string; productName: string };
    expect(manifest.main).toBe('dist/electron/main.cjs');
    expect(manifest.productName).toBe('Handshake');
  });

  it('holds no sources, tests or source maps', () => {
    expect(entries.filter((entry) => /^\/(electron|server|renderer|test|scripts)\//.test(entry))).toEqual([]);
    expect(entries.filter((entry) => entry.startsWith('/dist/') && entry.endsWith('.map'))).toEqual([]);
  });

  it('holds production dependencies only (what Vite bundles, like React, stays out)', () => {
    expect(entries).toContain('/node_modules/@ngrok/ngrok/package.json');
    for (const devOnly of ['react', 'react-dom', 'vite', 'electron', 'typescript', 'vitest', 'esbuild', 'jsdom']) {
      expect(
        entries.filter((entry) => entry.startsWith(`/node_modules/${devOnly}/`)),
        devOnly,
      ).toEqual([]);
    }
  });

  it("unpacks ngrok's native module from the archive", () => {
    const unpacked = path.join(outDir, 'linux-unpacked', 'resources', 'app.asar.unpacked', 'node_modules', '@ngrok');
    const nativeModules = readdirSync(unpacked, { recursive: true })
      .map(String)
      .filter((file) => file.endsWith('.node'));
    expect(nativeModules.length).toBeGreaterThan(0);
  });

  it('keeps the preload free of everything but electron, and main loading only electron and ngrok from outside', () => {
    const requires = (file: string) => {
      const code = asar.extractFile(archive(), file).toString();
      // A require right after a quote or backtick is text inside a string (ajv, through the MCP SDK, keeps the code it
      // would emit for standalone validators that way), never a call the bundle makes.
      return new Set([...code.matchAll(/(?<!['"`])\brequire\("([^"]+)"\)/g)].map((m) => m[1]).filter((name) => !isBuiltin(name)));
    };
    expect([...requires('dist/electron/preload.cjs')]).toEqual(['electron']);
    expect([...requires('dist/electron/main.cjs')].sort()).toEqual(['@ngrok/ngrok', 'electron']);
    // Loaded with require (asar-aware), not import()
    expect(asar.extractFile(archive(), 'dist/electron/main.cjs').toString()).not.toContain('import("@ngrok/ngrok")');
  });

  it('produced the Linux app folder with its executable', () => {
    expect(existsSync(path.join(outDir, 'linux-unpacked', 'handshake'))).toBe(true);
  });
});

#!/usr/bin/env node
// `npm start` after the build: runs the desktop app with Electron's binary, and when that binary is missing (Electron
// downloads it from GitHub on first use) and cannot be fetched, says so in one paragraph instead of Electron's stack trace.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The Electron executable electron's package points at (path.txt → dist/…), or null when it is not there. */
export function electronBinary(electronDir, env = process.env) {
  let relative;
  try {
    relative = readFileSync(join(electronDir, 'path.txt'), 'utf8').trim();
  } catch {
    return null;
  }
  const binary = env.ELECTRON_OVERRIDE_DIST_PATH ? join(env.ELECTRON_OVERRIDE_DIST_PATH, relative) : join(electronDir, 'dist', relative);
  return existsSync(binary) ? binary : null;
}

export function missingElectronMessage(reason) {
  return [
    'The desktop app cannot start: Electron’s own program is not installed. npm installs only Electron’s package; the',
    'program itself (about 100 MB) is downloaded from GitHub (github.com/electron/electron/releases) the first time the',
    `app starts, and that download failed${reason ? ` (${reason})` : ''}. Check that this computer can reach github.com`,
    '(behind a proxy, set HTTPS_PROXY; with a mirror, set ELECTRON_MIRROR), then run `npm start` again. Meanwhile',
    '`npm run serve` runs the same app — the same server and dashboard — in your browser.',
  ].join('\n');
}

/**
 * Finds Electron's binary, downloads it with electron's own installer when it is missing, then runs the app with it.
 * Resolves to the exit code to leave with.
 */
export async function startElectron({ electronDir, appDir, args = [], env = process.env, log = console.error }) {
  let binary = electronBinary(electronDir, env);
  if (!binary) {
    log('Electron’s program is not downloaded yet: fetching it from GitHub (first start only)…');
    const install = spawnSync(process.execPath, [join(electronDir, 'install.js')], {
      env,
      encoding: 'utf8',
      stdio: ['ignore', 'inherit', 'pipe'],
    });
    binary = electronBinary(electronDir, env);
    if (!binary) {
      log(missingElectronMessage(firstErrorLine(install.stderr ?? '') || (install.error?.message ?? '')));
      return 1;
    }
  }
  const child = spawn(binary, [appDir, ...args], { stdio: 'inherit', env });
  const forward = (signal) => child.kill(signal);
  process.on('SIGINT', forward).on('SIGTERM', forward);
  const code = await new Promise((done) => {
    child.on('error', (error) => {
      log(`Electron could not be started from ${binary}: ${error.message}`);
      done(1);
    });
    child.on('close', (exitCode, signal) => done(exitCode ?? (signal ? 1 : 0)));
  });
  process.off('SIGINT', forward).off('SIGTERM', forward);
  return code;
}

/** The installer prints a stack trace: its first line (e.g. "RequestError: getaddrinfo ENOTFOUND github.com") is the reason. */
function firstErrorLine(stderr) {
  const line = stderr.split('\n').find((l) => l.trim() !== '' && !/^\s+at /.test(l)) ?? '';
  return line.trim().slice(0, 200);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const appDir = resolve(dirname(new URL(import.meta.url).pathname), '..');
  const electronDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  process.exitCode = await startElectron({ electronDir, appDir, args: process.argv.slice(2) });
}

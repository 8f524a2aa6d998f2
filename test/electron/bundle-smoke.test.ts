// Runs the built main bundle (dist/electron/main.cjs) in Node with a stand-in for Electron: proves the bundle
// starts the real core, finds the plugin logo next to itself, answers over IPC, and shuts down on SIGTERM.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { beforeAll, expect, it } from 'vitest';
import type { Status } from '../../server/control/control-api';

const root = path.resolve(import.meta.dirname, '../..');
/** Laid out like the packaged app: dist/electron/main.cjs and assets/plugin-logo.png, nothing else. */
let appDir: string;

beforeAll(() => {
  appDir = mkdtempSync(path.join(os.tmpdir(), 'handshake-bundle-app-'));
  const outdir = path.join(appDir, 'dist', 'electron');
  const built = spawnSync(process.execPath, ['scripts/build-electron.mjs', '--outdir', outdir], { cwd: root, encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`build failed:\n${built.stderr}`);
  mkdirSync(path.join(appDir, 'assets'));
  copyFileSync(path.join(root, 'assets', 'plugin-logo.png'), path.join(appDir, 'assets', 'plugin-logo.png'));
}, 60_000);

it('the built main process starts the core, serves the logo, and quits gracefully on SIGTERM', async () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'handshake-bundle-'));
  const child = spawn(
    process.execPath,
    ['-r', path.join(import.meta.dirname, 'fixtures', 'electron-runtime-stand-in.cjs'), path.join(appDir, 'dist', 'electron', 'main.cjs')],
    {
      // not the project folder: the logo must be found next to the bundle, as in the packaged app
      cwd: dataDir,
      env: { ...process.env, STAND_IN_APP_PATH: appDir, HANDSHAKE_DATA_DIR: dataDir, HANDSHAKE_PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const lines = createInterface({ input: child.stdout });
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  const nextLine = (prefix: string) =>
    new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no "${prefix}" line; stderr:\n${stderr}`)), 20_000);
      lines.on('line', (line) => {
        if (line.startsWith(prefix)) {
          clearTimeout(timer);
          resolve(line.slice(prefix.length));
        }
      });
    });

  try {
    const answer = JSON.parse(await nextLine('STATUS ')) as { ok: true; value: Status };
    expect(answer.ok).toBe(true);
    const status = answer.value;
    expect(status).toMatchObject({ mode: 'desktop', dataDir, secretStorage: 'plain', listener: { state: 'listening' } });

    const logo = await fetch(`${status.localUrl}/logo.png`);
    expect(logo.status).toBe(200);
    expect(Buffer.from(await logo.arrayBuffer()).equals(readFileSync(path.join(root, 'assets', 'plugin-logo.png')))).toBe(true);

    const quit = nextLine('QUIT');
    child.kill('SIGTERM');
    await quit;
    expect(await exited).toBe(0);
    await expect(fetch(`${status.localUrl}/logo.png`)).rejects.toThrow();
  } finally {
    child.kill('SIGKILL');
  }
});

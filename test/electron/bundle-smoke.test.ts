// Runs the built main bundle (dist/electron/main.cjs) in Node with a stand-in for Electron: proves the bundle
// starts the real core, finds the plugin logo next to itself, answers over IPC, and shuts down on SIGTERM.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { beforeAll, expect, it } from 'vitest';
import type { Status } from '../../server/control/control-api';

const root = path.resolve(import.meta.dirname, '../..');

beforeAll(() => {
  const built = spawnSync(process.execPath, ['scripts/build-electron.mjs'], { cwd: root, encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`build failed:\n${built.stderr}`);
}, 60_000);

it('the built main process starts the core, serves the logo, and quits gracefully on SIGTERM', async () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'handshake-bundle-'));
  const child = spawn(process.execPath, ['-r', path.join(import.meta.dirname, 'fixtures', 'electron-runtime-stand-in.cjs'), path.join(root, 'dist', 'electron', 'main.cjs')], {
    // not the project folder: the logo must be found next to the bundle, as in the packaged app
    cwd: dataDir,
    env: { ...process.env, STAND_IN_APP_PATH: root, HANDSHAKE_DATA_DIR: dataDir, HANDSHAKE_PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
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

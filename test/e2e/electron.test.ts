// Desktop smoke test through Playwright's Electron driver: the real main process, preload and renderer.
// It needs an Electron binary, which `npm install` downloads from GitHub; where that was impossible it skips
// and says so.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');

/** Where the electron package put its binary, found without require('electron') (which would try to download it). */
function electronBinary(): string | null {
  const pkg = path.join(root, 'node_modules', 'electron');
  const pathFile = path.join(pkg, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const relative = readFileSync(pathFile, 'utf8').trim();
  const dist = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? path.join(pkg, 'dist');
  const binary = path.join(dist, relative);
  return existsSync(binary) ? binary : null;
}

function skipReason(): string | null {
  const binary = electronBinary();
  if (!binary) return 'no Electron binary in node_modules/electron (its download from GitHub was not possible here)';
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return 'no display (run under xvfb-run to include the Electron smoke test)';
  }
  return null;
}

const reason = skipReason();
if (reason) console.log(`Electron smoke test skipped: ${reason}`);

describe.skipIf(reason !== null)('desktop app (Electron)', () => {
  let electronApp: ElectronApplication;
  let page: Page;
  let localUrl: string;

  beforeAll(async () => {
    for (const [command, args] of [
      [process.execPath, ['scripts/build-electron.mjs']],
      ['npx', ['vite', 'build', '--logLevel', 'warn']],
    ] as const) {
      // NODE_ENV: Vitest's 'test' would make `vite build` a development build.
      const built = spawnSync(command, [...args], { cwd: root, encoding: 'utf8', env: { ...process.env, NODE_ENV: 'production' } });
      if (built.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${built.stderr}`);
    }
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'handshake-electron-'));
    electronApp = await _electron.launch({
      executablePath: electronBinary()!,
      args: [root],
      cwd: root,
      env: { ...process.env, NODE_ENV: 'production', HANDSHAKE_DATA_DIR: dataDir, HANDSHAKE_PORT: '0' } as Record<string, string>,
    });
    page = await electronApp.firstWindow();
  });

  afterAll(async () => {
    await electronApp?.close();
  });

  it('shows the dashboard, with only the fixed control API exposed', async () => {
    await expect.poll(() => page.getByRole('navigation', { name: 'Main' }).isVisible(), { timeout: 30_000 }).toBe(true);
    const exposed = await page.evaluate(() => ({
      api: Object.keys((window as unknown as { handshake: object }).handshake).sort(),
      require: typeof (window as unknown as { require?: unknown }).require,
      process: typeof (window as unknown as { process?: unknown }).process,
    }));
    expect(exposed.api).toContain('getStatus');
    expect(exposed.api).toContain('subscribe');
    expect(exposed.require).toBe('undefined');
    expect(exposed.process).toBe('undefined');
    localUrl = await page.evaluate(
      async () =>
        (await (window as unknown as { handshake: { getStatus(): Promise<{ localUrl: string }> } }).handshake.getStatus()).localUrl,
    );
    expect(localUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('shows a token request live', async () => {
    await page.getByRole('button', { name: 'Traffic' }).click();
    const response = await fetch(`${localUrl}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        grant_type: 'authorization_code',
        code: 'not-a-real-code',
        client_id: 'nobody',
        client_secret: 'nothing',
        redirect_uri: 'https://chatgpt.com/aip/g-1/oauth/callback',
      }),
    });
    expect(response.status).toBeGreaterThanOrEqual(400);
    const row = page.getByRole('option').filter({ hasText: '/oauth/token' });
    await expect.poll(() => row.count(), { timeout: 15_000 }).toBeGreaterThan(0);
  });

  it('stops the public listener when the app quits', async () => {
    await electronApp.close();
    await expect(fetch(`${localUrl}/.well-known/ai-plugin.json`)).rejects.toThrow();
  });
});

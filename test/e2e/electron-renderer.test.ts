// The desktop window's page without Electron: the built dashboard served exactly as the app:// protocol serves it
// (same handler, same CSP header) in Debian Chromium, with window.handshake made by the real preload code over
// the real IPC adapter and event batcher, against the real core. Electron's own part (BrowserWindow, contextBridge,
// IPC transport) is what test/e2e/electron.test.ts covers where an Electron binary exists.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppProtocolHandler } from '../../electron/app-protocol';
import { startEventBatcher } from '../../electron/event-batcher';
import { registerControlIpc } from '../../electron/ipc-adapter';
import { createCore } from '../../server/core/core';
import type { Core } from '../../server/core/core-types';
import { chromiumMissingReason, launchChromium } from './support/chromium';

const root = path.resolve(import.meta.dirname, '../..');

/**
 * A production build of the renderer in a folder of our own, as `npm start` builds it. (Vitest sets NODE_ENV=test,
 * which a child `vite build` would inherit and turn into a development build of React.)
 */
function buildRenderer(): string {
  const outDir = mkdtempSync(path.join(os.tmpdir(), 'handshake-renderer-'));
  const built = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn', '--outDir', outDir, '--emptyOutDir'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (built.status !== 0) throw new Error(`vite build failed:\n${built.stderr}`);
  return outDir;
}
const reason = chromiumMissingReason();
if (reason) console.log(`desktop renderer test skipped: ${reason}`);

/** The preload's API object (electron/preload-api.ts) bundled for the page, over a binding instead of ipcRenderer. */
async function preloadScript(): Promise<string> {
  const result = await build({
    stdin: {
      contents: `
        import { createPreloadApi } from './electron/preload-api';
        const listeners = new Set();
        const ipc = {
          invoke: (channel, ...args) => window.__handshakeInvoke(channel, args),
          on: (_channel, listener) => listeners.add(listener),
          removeListener: (_channel, listener) => listeners.delete(listener),
        };
        window.__handshakePush = (batch) => listeners.forEach((listener) => listener({}, batch));
        window.handshake = createPreloadApi(ipc);
        window.__cspViolations = [];
        document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));
      `,
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true,
    format: 'iife',
    write: false,
    platform: 'browser',
    external: ['electron'],
  });
  return result.outputFiles[0].text;
}

describe.skipIf(reason !== null)('desktop window page (app:// handler and CSP, preload API, IPC adapter) in Chromium', () => {
  let core: Core;
  let server: Server;
  let browser: Browser;
  let page: Page;
  let stopEvents: () => void;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    const rendererDir = buildRenderer();
    core = await createCore({
      mode: 'desktop',
      dataDir: mkdtempSync(path.join(os.tmpdir(), 'handshake-window-')),
      port: 0,
      log: () => undefined,
    });
    await core.start();

    const serveAppFile = createAppProtocolHandler(rendererDir);
    server = createServer(async (req, res) => {
      const response = await serveAppFile(new Request(`app://handshake${req.url}`, { method: req.method }));
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

    const handlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>();
    registerControlIpc({
      ipcMain: {
        handle: (channel, handler) => handlers.set(channel, handler as never),
        removeHandler: (channel) => handlers.delete(channel),
      },
      control: core.control,
      isTrustedSender: () => true,
    });

    browser = await launchChromium();
    page = await browser.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    await page.exposeFunction('__handshakeInvoke', (channel: string, args: unknown[]) => handlers.get(channel)!({}, ...args));
    await page.addInitScript({ content: await preloadScript() });
    stopEvents = startEventBatcher({
      control: core.control,
      send: (batch) =>
        void page
          .evaluate((b) => (window as unknown as { __handshakePush(b: unknown): void }).__handshakePush(b), batch)
          .catch(() => undefined),
    });
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/index.html`);
  });

  afterAll(async () => {
    stopEvents?.();
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
    await core?.stop();
  });

  it('renders the dashboard under the strict CSP, without violations', async () => {
    await expect.poll(() => page.getByRole('navigation', { name: 'Main' }).isVisible(), { timeout: 30_000 }).toBe(true);
    expect(await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations)).toEqual([]);
    expect(consoleErrors.filter((text) => /Content Security Policy/i.test(text))).toEqual([]);
  });

  it('shows a token request live, pushed through the event batcher', async () => {
    await page.getByRole('button', { name: 'Traffic' }).click();
    const response = await fetch(`${core.localUrl}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'authorization_code', code: 'not-a-real-code', client_id: 'nobody', client_secret: 'nothing' }),
    });
    expect(response.status).toBeGreaterThanOrEqual(400);
    const row = page.getByRole('option').filter({ hasText: '/oauth/token' });
    await expect.poll(() => row.count(), { timeout: 15_000 }).toBeGreaterThan(0);
    expect(await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations)).toEqual([]);
  });

  it('shows a refused call as the field error the preload passes on', async () => {
    const refusal = await page.evaluate(() =>
      (window as unknown as { handshake: { createUser(input: unknown): Promise<unknown> } }).handshake
        .createUser({ email: 'not-an-email', password: 'long enough password' })
        .then(
          () => null,
          (error: unknown) => error,
        ),
    );
    expect(refusal).toMatchObject({ code: 'invalid_input', field: 'email', status: 400 });
  });
});

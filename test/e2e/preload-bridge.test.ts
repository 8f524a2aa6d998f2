import { build } from 'esbuild';
import type { Browser } from 'playwright-core';
import { contentSecurityPolicy } from '../../electron/content-security-policy';
import { chromiumMissingReason, launchChromium } from './support/chromium';
import { ensureRendererBuilt } from './support/headless-server';
import { onClassicSetupPath } from './support/setup-path';
import { serveBuiltDashboard } from './support/static-dashboard';

const skipReason = chromiumMissingReason();
if (skipReason) console.log(`[e2e] preload-bridge tests skipped: ${skipReason}`);

/**
 * The desktop path without Electron (whose binary cannot be downloaded here): the built dashboard under the
 * desktop window's Content-Security-Policy, talking to a `window.handshake` object as the preload exposes it.
 */
describe.skipIf(Boolean(skipReason))('dashboard over window.handshake under the desktop CSP', () => {
  let browser: Browser;
  let site: Awaited<ReturnType<typeof serveBuiltDashboard>>;
  let preload: string;

  beforeAll(async () => {
    ensureRendererBuilt();
    const bundle = await build({
      stdin: {
        contents: `import { FakeControlApi, installFlow } from './test/renderer/fake-control-api';
          const api = new FakeControlApi();
          for (const entry of installFlow()) api.traffic.push(entry);
          window.handshake = api;
          window.__fake = api;`,
        resolveDir: process.cwd(),
        loader: 'ts',
      },
      bundle: true,
      format: 'iife',
      platform: 'browser',
      write: false,
      logLevel: 'error',
    });
    preload = bundle.outputFiles[0].text;
    site = await serveBuiltDashboard({ 'Content-Security-Policy': contentSecurityPolicy });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  it('renders every view with no CSP violation or console error, and shows pushed traffic live', async () => {
    const page = await onClassicSetupPath(await browser.newPage());
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.addInitScript({ content: preload });
    await page.goto(site.origin);
    await page.getByRole('heading', { level: 1, name: 'Setup' }).waitFor();
    await page.getByLabel('Client ID', { exact: true }).waitFor();
    for (const view of ['Users', 'Traffic', 'Settings']) {
      await page.getByRole('button', { name: new RegExp(`^${view}`) }).click();
      await page.getByRole('heading', { level: 1, name: view }).waitFor();
    }
    await page.getByRole('button', { name: /^Traffic/ }).click();
    const list = page.getByRole('listbox', { name: 'Requests, newest first' });
    await list.getByRole('option').first().waitFor();
    expect(await list.getByRole('option').count()).toBe(5);
    await page.evaluate(() => {
      const api = (window as unknown as { __fake: { receive(entry: unknown): void; traffic: { id: string }[] } }).__fake;
      const last = api.traffic.at(-1)!;
      api.receive({ ...structuredClone(last), id: 'pushed-1', path: '/todos', kind: 'api', status: 200, notes: [] });
    });
    await list.getByRole('option').filter({ hasText: '/todos' }).waitFor();
    // Virtualised rows are positioned with inline styles set through the CSSOM, which style-src 'self' allows.
    const transform = await list
      .getByRole('option')
      .nth(1)
      .evaluate((row) => getComputedStyle(row).transform);
    expect(transform).not.toBe('none');
    expect(errors).toEqual([]);
  });

  it('is usable from the keyboard: skip link, sidebar, request list, detail, Escape', async () => {
    const page = await onClassicSetupPath(await browser.newPage());
    await page.addInitScript({ content: preload });
    await page.goto(site.origin);
    await page.getByLabel('Client ID', { exact: true }).waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toMatch(/the sidebar$/);
    // Setup, Clients, Users, then Traffic.
    for (let i = 0; i < 4; i++) await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toMatch(/^Traffic/);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Traffic' }).waitFor();
    await page.getByRole('listbox').focus();
    await page.keyboard.press('ArrowDown');
    await page.getByRole('region', { name: 'Request detail' }).getByRole('list', { name: 'Diagnosis' }).waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('region', { name: 'Request detail' }).waitFor({ state: 'detached' });
    await page.close();
  });
});

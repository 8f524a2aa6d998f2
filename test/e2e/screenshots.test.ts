import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { ClientView } from '../../server/store/records';
import { chatGptCallback, exchangeCode, signInThroughAuthorizePage } from './support/chatgpt-side';
import { chromiumMissingReason, launchChromium } from './support/chromium';
import { control, ensureRendererBuilt, startHeadlessServer, type HeadlessServer } from './support/headless-server';
import { unlabelledControls } from './support/unlabelled-controls';

const skipReason = chromiumMissingReason();
if (skipReason) console.log(`[e2e] screenshots skipped: ${skipReason}`);

const outDir = join('test-results', 'screenshots');

/**
 * Every view in light and dark, over a server that has seen a real install (one good, one with a wrong secret),
 * saved to test-results/screenshots/ for people to look at.
 */
describe.skipIf(Boolean(skipReason))('dashboard screenshots', () => {
  let server: HeadlessServer;
  let browser: Browser;

  beforeAll(async () => {
    ensureRendererBuilt();
    mkdirSync(outDir, { recursive: true });
    server = await startHeadlessServer();
    browser = await launchChromium();

    const client = await control<ClientView>(server, 'GET', '/api/client');
    await control(server, 'POST', '/api/users', { email: 'ada@example.com', password: 'correct horse battery', name: 'Ada Lovelace' });
    await control(server, 'POST', '/api/users', { email: 'grace@example.com', password: 'another long one', name: 'Grace Hopper' });
    await fetch(server.manifestUrl);
    await fetch(new URL('/openapi.yaml', server.publicOrigin));

    const good = chatGptCallback();
    const first = await signInThroughAuthorizePage(browser, server, { clientId: client.id, email: 'ada@example.com', password: 'correct horse battery', redirectUri: good });
    const tokens = await exchangeCode(server, { client_id: client.id, client_secret: client.secret, code: first.code, redirect_uri: good });
    await fetch(new URL('/todos', server.publicOrigin), { headers: { Authorization: `Bearer ${String(tokens.json.access_token)}` } });

    const bad = chatGptCallback();
    const second = await signInThroughAuthorizePage(browser, server, { clientId: client.id, email: 'grace@example.com', password: 'another long one', redirectUri: bad });
    await exchangeCode(server, { client_id: client.id, client_secret: 'pasted-the-wrong-secret', code: second.code, redirect_uri: bad });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  for (const scheme of ['light', 'dark'] as const) {
    it(`captures every view in ${scheme}`, async () => {
      const page: Page = await browser.newPage({ viewport: { width: 1440, height: 960 }, colorScheme: scheme });
      const errors: string[] = [];
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto(server.dashboardUrl);
      await page.getByLabel('Client ID', { exact: true }).waitFor();
      await page.getByRole('list', { name: 'Waiting for ChatGPT' }).locator('li.done').first().waitFor();
      const shots: string[] = [];
      const unlabelled: string[] = [];
      // The app scrolls inside <main>, so a "full page" shot means a viewport as tall as main's content.
      const shoot = async (name: string, fullPage = true) => {
        const file = join(outDir, `${name}-${scheme}.png`);
        if (fullPage) {
          const height = await page.evaluate(() => document.querySelector('main')!.scrollHeight);
          await page.setViewportSize({ width: 1440, height: Math.max(960, height) });
        }
        await page.screenshot({ path: file });
        await page.setViewportSize({ width: 1440, height: 960 });
        shots.push(file);
        unlabelled.push(...(await unlabelledControls(page)).map((line) => `${name}: ${line.trim()}`));
      };
      await shoot('setup');

      await page.getByRole('button', { name: /^Users/ }).click();
      await page.getByRole('list', { name: 'Users' }).getByText('grace@example.com').waitFor();
      await shoot('users');

      await page.getByRole('button', { name: /^Traffic/ }).click();
      const list = page.getByRole('listbox', { name: 'Requests, newest first' });
      await list.getByRole('option').first().waitFor();
      await shoot('traffic', false);
      await list.getByRole('option').filter({ hasText: '401' }).first().click();
      await page.getByRole('list', { name: 'Diagnosis' }).waitFor();
      await shoot('traffic-detail', false);
      await list.getByRole('option').filter({ hasText: '/oauth/token' }).filter({ hasText: '200' }).first().click();
      await page.getByRole('button', { name: /Show this install as a sequence diagram/ }).click();
      await page.getByRole('region', { name: 'Flow' }).waitFor();
      await shoot('traffic-flow', false);

      await page.getByRole('button', { name: /^Settings/ }).click();
      await page.getByRole('tabpanel').filter({ hasText: 'schema_version' }).waitFor();
      await page.getByLabel('Name for humans').fill('A name far too long for ChatGPT');
      await shoot('settings');

      for (const file of shots) expect(statSync(file).size).toBeGreaterThan(10_000);
      expect(errors).toEqual([]);
      expect(unlabelled, 'every control has an accessible name').toEqual([]);
      await page.close();
    });
  }
});

import type { Browser, Page } from 'playwright-core';
import { seriousViolations } from './support/axe';
import { chromiumMissingReason, launchChromium } from './support/chromium';
import { ensureRendererBuilt, type HeadlessServer, startHeadlessServer } from './support/headless-server';
import { seedInstalls } from './support/seeded-install';

const skipReason = chromiumMissingReason();
if (skipReason) console.log(`[e2e] accessibility tests skipped: ${skipReason}`);

/** axe-core on every view of the real dashboard, light and dark: no serious or critical violation. */
describe.skipIf(Boolean(skipReason))('accessibility (axe-core, every view, both colour schemes)', () => {
  let server: HeadlessServer;
  let browser: Browser;

  beforeAll(async () => {
    ensureRendererBuilt();
    server = await startHeadlessServer();
    browser = await launchChromium();
    await seedInstalls(server, browser);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  for (const scheme of ['light', 'dark'] as const) {
    it(`finds no serious or critical violation in ${scheme}`, async () => {
      const page: Page = await browser.newPage({ viewport: { width: 1440, height: 960 }, colorScheme: scheme });
      await page.goto(server.dashboardUrl);
      await page.getByLabel('MCP server URL', { exact: true }).waitFor();
      const found: string[] = [];
      const check = async (view: string) => found.push(...(await seriousViolations(page)).map((line) => `${view}: ${line}`));
      await check('setup (MCP path)');
      await page.getByRole('tab', { name: 'Classic plugin / GPT Action' }).click();
      await page.getByLabel('Client ID', { exact: true }).waitFor();
      await page.getByRole('list', { name: 'Waiting for ChatGPT' }).locator('li.done').first().waitFor();
      await check('setup');

      await page.getByRole('button', { name: /^Clients/ }).click();
      await page.getByRole('heading', { level: 1, name: 'Clients' }).waitFor();
      await check('clients');

      await page.getByRole('button', { name: /^Users/ }).click();
      await page.getByRole('list', { name: 'Users' }).getByText('grace@example.com').waitFor();
      await check('users');

      await page.getByRole('button', { name: /^Traffic/ }).click();
      const list = page.getByRole('listbox', { name: 'Requests, newest first' });
      await list.getByRole('option').first().waitFor();
      await check('traffic');
      await list.getByRole('option').filter({ hasText: '401' }).first().click();
      await page.getByRole('list', { name: 'Diagnosis' }).waitFor();
      await check('traffic detail (selected failed row)');
      await list.getByRole('option').filter({ hasText: '/oauth/token' }).filter({ hasText: '200' }).first().click();
      await page.getByRole('button', { name: /Show this install as a sequence diagram/ }).click();
      await page.getByRole('region', { name: 'Flow' }).waitFor();
      await check('traffic flow');

      await page.getByRole('button', { name: /^Settings/ }).click();
      await page.getByRole('tabpanel').filter({ hasText: 'schema_version' }).waitFor();
      await check('settings');
      await page.close();
      expect(found).toEqual([]);
    });
  }
});

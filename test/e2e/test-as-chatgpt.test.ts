import type { Browser, Page } from 'playwright-core';
import { chromiumMissingReason, launchChromium } from './support/chromium';
import { control, ensureRendererBuilt, type HeadlessServer, startHeadlessServer } from './support/headless-server';

const skipReason = chromiumMissingReason();
if (skipReason) console.log(`[e2e] Test as ChatGPT skipped: ${skipReason}`);

/** The "Test as ChatGPT" button on both Setup paths, in a real browser over `serve` with nothing configured. */
describe.skipIf(Boolean(skipReason))('Setup: Test as ChatGPT', () => {
  let server: HeadlessServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    ensureRendererBuilt();
    server = await startHeadlessServer();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await control(server, 'POST', '/api/users', { email: 'check@example.com', password: 'correct horse battery', name: 'Checker' });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  for (const [path, tab] of [
    ['mcp', 'ChatGPT or Codex plugin (MCP server)'],
    ['classic', 'Classic plugin / GPT Action'],
  ] as const) {
    it(`runs the ${path} profile from the button and ticks every step, without ticking the checklist`, async () => {
      await page.goto(server.dashboardUrl);
      await page.getByRole('tab', { name: tab }).click();
      await page.getByRole('button', { name: 'Test as ChatGPT' }).click();
      const steps = page.getByRole('list', { name: 'Test as ChatGPT steps' });
      await steps.getByRole('listitem').first().waitFor();
      await page.getByRole('button', { name: 'Test as ChatGPT' }).and(page.locator(':enabled')).waitFor({ timeout: 60_000 });
      const failed = await steps.locator('li.failed').allTextContents();
      expect(failed).toEqual([]);
      expect(await steps.locator('li.done').count()).toBeGreaterThan(5);
      const waiting = page.getByRole('list', { name: /^Waiting for ChatGPT/ });
      expect(await waiting.locator('li.done').count()).toBe(0);
    });
  }
});

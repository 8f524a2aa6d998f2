import type { Browser, Page } from 'playwright-core';
import { seriousViolations } from './support/axe';
import { chromiumMissingReason, launchChromium } from './support/chromium';
import { walkEveryView } from './support/every-view';
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
      const found: string[] = [];
      await walkEveryView(page, server.dashboardUrl, async (view) => {
        found.push(...(await seriousViolations(page)).map((line) => `${view}: ${line}`));
      });
      await page.close();
      expect(found).toEqual([]);
    });
  }
});

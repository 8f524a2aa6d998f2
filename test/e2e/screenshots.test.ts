import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { chromiumMissingReason, launchChromium } from './support/chromium';
import { walkEveryView } from './support/every-view';
import { ensureRendererBuilt, type HeadlessServer, startHeadlessServer } from './support/headless-server';
import { seedInstalls } from './support/seeded-install';
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

    await seedInstalls(server, browser);
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
      await walkEveryView(page, server.dashboardUrl, async (view, scrolls) => {
        if (view === 'settings') await page.getByLabel('Name for humans').fill('A name far too long for ChatGPT');
        await shoot(view, scrolls);
      });
      const list = page.getByRole('listbox', { name: 'Requests, newest first' });

      // The extremes a person will judge by eye: a small laptop window and a full-HD screen, with the detail open.
      for (const [width, height] of [
        [800, 600],
        [1920, 1080],
      ] as const) {
        await page.setViewportSize({ width, height });
        await page.getByRole('button', { name: /^Traffic/ }).click();
        await list.getByRole('option').filter({ hasText: '401' }).first().click();
        await page.getByRole('list', { name: 'Diagnosis' }).waitFor();
        const file = join(outDir, `traffic-detail-${width}x${height}-${scheme}.png`);
        await page.screenshot({ path: file });
        shots.push(file);
        await page.getByRole('button', { name: /^Setup/ }).click();
        const setup = join(outDir, `setup-${width}x${height}-${scheme}.png`);
        await page.screenshot({ path: setup });
        shots.push(setup);
      }

      for (const file of shots) expect(statSync(file).size).toBeGreaterThan(10_000);
      expect(errors).toEqual([]);
      expect(unlabelled, 'every control has an accessible name').toEqual([]);
      await page.close();
    });
  }
});

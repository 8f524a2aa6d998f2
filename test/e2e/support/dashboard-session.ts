import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchChromium } from './chromium';
import { ensureRendererBuilt, type HeadlessServer, startHeadlessServer } from './headless-server';
import { onClassicSetupPath } from './setup-path';

export interface DashboardSession {
  server: HeadlessServer;
  browser: Browser;
  /** A page in the browser, not yet on the dashboard. */
  page: Page;
}

/**
 * `serve` exactly as a developer runs it, Chromium and one page: started before the describe's tests, stopped after.
 * `classicSetup` opens Setup on the classic plugin path (it opens on the MCP path by default).
 */
export function useDashboardSession(options: { classicSetup?: boolean } = {}): DashboardSession {
  const session = {} as DashboardSession;
  beforeAll(async () => {
    ensureRendererBuilt();
    session.server = await startHeadlessServer();
    session.browser = await launchChromium();
    const page = await session.browser.newPage({ viewport: { width: 1400, height: 900 } });
    session.page = options.classicSetup ? await onClassicSetupPath(page) : page;
  });
  afterAll(async () => {
    await session.browser?.close();
    await session.server?.stop();
  });
  return session;
}

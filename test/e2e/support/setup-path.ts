import type { Page } from 'playwright-core';

/** Opens Setup on the classic plugin path (it opens on the MCP path by default), for tests of the classic install. */
export async function onClassicSetupPath(page: Page): Promise<Page> {
  await page.addInitScript(() => localStorage.setItem('handshake.setupPath', 'classic'));
  return page;
}

import { chromiumMissingReason } from './support/chromium';
import { useDashboardSession } from './support/dashboard-session';
import { control } from './support/headless-server';

const skipReason = chromiumMissingReason();
if (skipReason) console.log(`[e2e] Test as ChatGPT skipped: ${skipReason}`);

/** The "Test as ChatGPT" button on both Setup paths, in a real browser over `serve` with nothing configured. */
describe.skipIf(Boolean(skipReason))('Setup: Test as ChatGPT', () => {
  const session = useDashboardSession();

  beforeAll(async () => {
    await control(session.server, 'POST', '/api/users', { email: 'check@example.com', password: 'correct horse battery', name: 'Checker' });
  });

  for (const [path, tab] of [
    ['mcp', 'MCP server (ChatGPT, Claude, Codex, Cursor, VS Code …)'],
    ['classic', 'Classic plugin / GPT Action'],
  ] as const) {
    it(`runs the ${path} profile from the button and ticks every step, without ticking the checklist`, async () => {
      await session.page.goto(session.server.dashboardUrl);
      await session.page.getByRole('tab', { name: tab }).click();
      await session.page.getByRole('button', { name: 'Test as ChatGPT' }).click();
      const steps = session.page.getByRole('list', { name: 'Test as ChatGPT steps' });
      await steps.getByRole('listitem').first().waitFor();
      await session.page
        .getByRole('button', { name: 'Test as ChatGPT' })
        .and(session.page.locator(':enabled'))
        .waitFor({ timeout: 60_000 });
      const failed = await steps.locator('li.failed').allTextContents();
      expect(failed).toEqual([]);
      expect(await steps.locator('li.done').count()).toBeGreaterThan(5);
      const waiting = session.page.getByRole('list', { name: /^Waiting for ChatGPT/ });
      expect(await waiting.locator('li.done').count()).toBe(0);
    });
  }
});

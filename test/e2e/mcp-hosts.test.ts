import { hostProfile } from '../../server/hosts/host-profiles';
import { HostReplay } from '../mcp-hosts/host-replay';
import { chromiumMissingReason } from './support/chromium';
import { useDashboardSession } from './support/dashboard-session';
import { control } from './support/headless-server';

const skipReason = chromiumMissingReason();
if (skipReason) console.log(`[e2e] MCP hosts skipped: ${skipReason}`);

/**
 * Another host than ChatGPT, in a real browser over `serve`: the picker's instructions for it, Test as that host, a
 * connect replayed as that host from this machine ticking the checklist with its name, and Traffic filtered by it.
 */
describe.skipIf(Boolean(skipReason))('Setup and Traffic: any MCP host', () => {
  const session = useDashboardSession();
  const user = { email: 'hosts@example.com', password: 'correct horse battery', name: 'Hosts' };

  beforeAll(async () => {
    await control(session.server, 'POST', '/api/users', user);
  });

  it('shows what to do in Claude Code, tests as Claude Code, ticks for Cursor naming it, and filters Traffic by host', async () => {
    const { page } = session;
    const mcpUrl = `${session.server.publicOrigin}/mcp`;
    await page.goto(session.server.dashboardUrl);
    await page.getByRole('tab', { name: 'Claude Code', exact: true }).click();
    await expect
      .poll(() => page.getByLabel('Claude Code configuration', { exact: true }).textContent())
      .toBe(`claude mcp add --transport http handshake ${mcpUrl}`);

    await page.getByRole('button', { name: 'Test as Claude Code' }).click();
    const steps = page.getByRole('list', { name: 'Test as Claude Code steps' });
    await page.getByText('Claude Code would go through.').waitFor({ timeout: 60_000 });
    expect(await steps.locator('li.failed').count()).toBe(0);

    // Cursor connects from this machine: the checklist ticks, naming it, though it was not the host picked.
    const cursor = new HostReplay(hostProfile('cursor'), mcpUrl);
    await cursor.discover();
    await cursor.connect(user, 'dcr');
    const waiting = page.getByRole('list', { name: 'Waiting for Claude Code' });
    await waiting.getByText('Code exchanged for tokens').locator('xpath=ancestor::li[contains(@class, "done")]').waitFor();
    expect(await waiting.textContent()).toMatch(/from Cursor/);

    await page.getByRole('button', { name: /^Traffic/ }).click();
    await page.getByRole('combobox', { name: 'MCP host' }).selectOption('cursor');
    const list = page.getByRole('listbox', { name: 'Requests, newest first' });
    await list.getByRole('option').first().waitFor();
    const hosts = await list.locator('.host-tag').allTextContents();
    expect(hosts.length).toBeGreaterThan(3);
    expect(new Set(hosts)).toEqual(new Set(['Cursor']));
  });
});

import { connectWithSignIn } from '../server/mcp/mcp-connect';
import { chromiumMissingReason } from './support/chromium';
import { useDashboardSession } from './support/dashboard-session';
import { control } from './support/headless-server';

const skipReason = chromiumMissingReason();
if (skipReason) console.log(`[e2e] MCP Setup path skipped: ${skipReason}`);

/**
 * The MCP path in Setup, in a real browser over `serve`: the URL to paste, then a connect as ChatGPT makes it (the
 * official MCP SDK client, through the public URL) ticking the checklist live, up to the first tool call.
 */
describe.skipIf(Boolean(skipReason))('Setup: connecting an MCP plugin', () => {
  const session = useDashboardSession();

  it('shows the /mcp URL and ticks each step as the connect happens', async () => {
    await session.page.goto(session.server.dashboardUrl);
    await session.page.getByRole('tab', { name: 'MCP server (ChatGPT, Claude, Codex, Cursor, VS Code …)', selected: true }).waitFor();
    const mcpUrl = `${session.server.publicOrigin}/mcp`;
    await expect.poll(() => session.page.getByLabel('MCP server URL', { exact: true }).textContent()).toBe(mcpUrl);
    const waiting = session.page.getByRole('list', { name: 'Waiting for ChatGPT' });
    await waiting.locator('li.pending').first().waitFor();
    expect(await waiting.locator('li.done').count()).toBe(0);

    const user = { email: 'mcp@example.com', password: 'correct horse battery', name: 'Mia' };
    await control(session.server, 'POST', '/api/users', user);
    // As ChatGPT's servers and the user's browser reach it: through the public URL (a proxy adds X-Forwarded-For).
    const { client } = await connectWithSignIn(mcpUrl, user, undefined, { 'x-forwarded-for': '203.0.113.7' });
    await client.listTools();
    const answer = await client.callTool({ name: 'whoami', arguments: {} });
    expect(answer.structuredContent).toMatchObject({ email: user.email });
    await client.close();

    for (const label of [
      'Metadata fetched',
      'Client registered or identified',
      'Signed in',
      'Code exchanged for tokens',
      'MCP session started',
      'First tool call',
    ]) {
      await waiting.getByRole('listitem').filter({ hasText: label }).and(session.page.locator('li.done')).waitFor();
    }
    expect(await waiting.locator('li.done').count()).toBe(6);

    await session.page.getByRole('button', { name: /^Clients/ }).click();
    await session.page.getByRole('list', { name: 'Clients' }).getByText('MCP SDK test host').waitFor();
  });
});

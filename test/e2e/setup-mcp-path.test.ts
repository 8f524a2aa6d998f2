import type { Browser, Page } from 'playwright-core';
import { connectWithSignIn } from '../server/mcp/mcp-connect';
import { chromiumMissingReason, launchChromium } from './support/chromium';
import { control, ensureRendererBuilt, type HeadlessServer, startHeadlessServer } from './support/headless-server';

const skipReason = chromiumMissingReason();
if (skipReason) console.log(`[e2e] MCP Setup path skipped: ${skipReason}`);

/**
 * The MCP path in Setup, in a real browser over `serve`: the URL to paste, then a connect as ChatGPT makes it (the
 * official MCP SDK client, through the public URL) ticking the checklist live, up to the first tool call.
 */
describe.skipIf(Boolean(skipReason))('Setup: connecting an MCP plugin', () => {
  let server: HeadlessServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    ensureRendererBuilt();
    server = await startHeadlessServer();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows the /mcp URL and ticks each step as the connect happens', async () => {
    await page.goto(server.dashboardUrl);
    await page.getByRole('tab', { name: 'ChatGPT or Codex plugin (MCP server)', selected: true }).waitFor();
    const mcpUrl = `${server.publicOrigin}/mcp`;
    await expect.poll(() => page.getByLabel('MCP server URL', { exact: true }).textContent()).toBe(mcpUrl);
    const waiting = page.getByRole('list', { name: 'Waiting for ChatGPT or Codex' });
    await waiting.locator('li.pending').first().waitFor();
    expect(await waiting.locator('li.done').count()).toBe(0);

    const user = { email: 'mcp@example.com', password: 'correct horse battery', name: 'Mia' };
    await control(server, 'POST', '/api/users', user);
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
      await waiting.getByRole('listitem').filter({ hasText: label }).and(page.locator('li.done')).waitFor();
    }
    expect(await waiting.locator('li.done').count()).toBe(6);

    await page.getByRole('button', { name: /^Clients/ }).click();
    await page.getByRole('list', { name: 'Clients' }).getByText('MCP SDK test host').waitFor();
  });
});

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { ClientView } from '../../server/store/records';
import { seriousViolations } from './support/axe';
import { chatGptCallback, exchangeCode, signInThroughAuthorizePage } from './support/chatgpt-side';
import { chromiumMissingReason, launchChromium } from './support/chromium';
import { control, ensureRendererBuilt, type HeadlessServer, startHeadlessServer } from './support/headless-server';

const skipReason = chromiumMissingReason();
if (skipReason) console.log(`[e2e] tokens in the dashboard skipped: ${skipReason}`);

const outDir = join('test-results', 'screenshots');

/**
 * A real JWT through the real server, seen in the dashboard: decoded and verified in Traffic; then "rotate and
 * retire the old key now" in Settings, and the same token shown with its retired kid — what a developer's server
 * answers as "kid not found".
 */
describe.skipIf(Boolean(skipReason))('tokens in the dashboard', () => {
  let server: HeadlessServer;
  let browser: Browser;
  let page: Page;
  let accessToken: string;

  beforeAll(async () => {
    ensureRendererBuilt();
    mkdirSync(outDir, { recursive: true });
    server = await startHeadlessServer();
    browser = await launchChromium();
    const client = await control<ClientView>(server, 'GET', '/api/client');
    await control(server, 'POST', '/api/users', { email: 'ada@example.com', password: 'correct horse battery', name: 'Ada Lovelace' });
    const redirectUri = chatGptCallback();
    const { code } = await signInThroughAuthorizePage(browser, server, {
      clientId: client.id,
      email: 'ada@example.com',
      password: 'correct horse battery',
      redirectUri,
    });
    const tokens = await exchangeCode(server, { client_id: client.id, client_secret: client.secret, code, redirect_uri: redirectUri });
    accessToken = String(tokens.json.access_token);
    await callApi();
    page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    await page.goto(server.dashboardUrl);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const callApi = () =>
    fetch(new URL('/todos', server.publicOrigin), { headers: { Authorization: `Bearer ${accessToken}`, 'User-Agent': 'OpenAI' } });

  async function openNewestTodos(): Promise<void> {
    await page.getByRole('button', { name: /^Traffic/ }).click();
    await page.getByRole('listbox', { name: 'Requests, newest first' }).getByRole('option').filter({ hasText: '/todos' }).first().click();
  }

  it('decodes the access token the API request carried, with verdicts and a verified signature', async () => {
    await openNewestTodos();
    const token = page.getByRole('region', { name: 'Access token — Authorization header' });
    await token.waitFor();
    expect(await token.textContent()).toContain('Signature verified');
    const aud = token
      .getByRole('table', { name: /claims$/ })
      .getByRole('row')
      .filter({ hasText: /^aud/ });
    expect(await aud.textContent()).toContain('Names this plugin API');
    expect(await page.getByRole('table', { name: 'Request headers' }).textContent()).not.toContain(accessToken);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(outDir, 'traffic-jwt-verified-light.png'), fullPage: true });
  });

  it('after a bad rotation in Settings, Traffic names the retired kid of the same token', async () => {
    await page.getByRole('button', { name: /^Settings/ }).click();
    const tokens = page.getByRole('region', { name: 'Tokens' });
    await tokens.getByRole('button', { name: 'Rotate and retire the old key now (simulate a bad rotation)' }).click();
    await tokens.getByRole('button', { name: 'Retire it now' }).click();
    await tokens.getByRole('table', { name: 'Signing keys' }).getByText('retired, gone from the JWKS').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await tokens.screenshot({ path: join(outDir, 'settings-tokens-light.png') });

    await callApi();
    await openNewestTodos();
    const token = page.getByRole('region', { name: 'Access token — Authorization header' });
    await token.getByText('Retired kid').waitFor();
    expect(await page.getByRole('list', { name: 'Diagnosis' }).textContent()).toContain('A verifier would refuse the access token');
    expect(await token.getByRole('table', { name: /header$/ }).textContent()).toContain('no longer in the JWKS');
    await page.screenshot({ path: join(outDir, 'traffic-jwt-retired-light.png'), fullPage: true });
  });

  it('shows the verifier settings and the domain restrictions check on Setup, and Email verified in Users', async () => {
    await page.getByRole('button', { name: /^Setup/ }).click();
    const card = page.getByRole('region', { name: '3. Your MCP server' });
    await card.getByText('Check the token in your server').click();
    expect(await card.getByLabel('jose verifier', { exact: true }).textContent()).toContain(`issuer: '${server.publicOrigin}'`);
    expect(await seriousViolations(page)).toEqual([]);
    await card.screenshot({ path: join(outDir, 'setup-mcp-server-card-light.png') });

    await page.getByRole('button', { name: /^Users/ }).click();
    const ada = page.getByRole('listitem', { name: 'ada@example.com' });
    await ada.getByRole('button', { name: 'Edit' }).click();
    await ada.getByRole('checkbox', { name: 'Email verified' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await ada.screenshot({ path: join(outDir, 'users-email-verified-light.png') });
  });
});

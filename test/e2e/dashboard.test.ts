import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import type { ClientView } from '../../server/store/records';
import { chatGptCallback, exchangeCode, signInThroughAuthorizePage } from './support/chatgpt-side';
import { chromiumMissingReason, launchChromium } from './support/chromium';
import { control, ensureRendererBuilt, type HeadlessServer, startHeadlessServer } from './support/headless-server';
import { onClassicSetupPath } from './support/setup-path';

const skipReason = chromiumMissingReason();
if (skipReason) console.log(`[e2e] dashboard tests skipped: ${skipReason}`);

/** The whole job of the seed in the browser, against the real `serve` and its dashboard. */
describe.skipIf(Boolean(skipReason))('dashboard end to end (headless server + Chromium)', () => {
  let server: HeadlessServer;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];
  const email = `ada-${randomUUID().slice(0, 8)}@example.com`;
  const password = 'correct horse battery';
  let code = '';
  const redirectUri = chatGptCallback();

  beforeAll(async () => {
    ensureRendererBuilt();
    server = await startHeadlessServer();
    browser = await launchChromium();
    page = await onClassicSetupPath(await browser.newPage({ viewport: { width: 1400, height: 900 } }));
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(String(error)));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('opens the printed dashboard URL on Setup, drops the token from the address bar, and survives a reload', async () => {
    await page.goto(server.dashboardUrl);
    await page.getByRole('heading', { level: 1, name: 'Setup' }).waitFor();
    expect(page.url()).not.toContain('token=');
    const client = await control<ClientView>(server, 'GET', '/api/client');
    await expect.poll(() => page.getByLabel('Client ID', { exact: true }).textContent()).toBe(client.id);
    await page.reload();
    await page.getByLabel('Client ID', { exact: true }).waitFor();
    expect(await page.getByLabel('Domain for ChatGPT').textContent()).toBe(new URL(server.publicOrigin).host);
  });

  it('sets the verification token and sees the manifest preview and the served manifest change', async () => {
    const token = `verify-${randomUUID()}`;
    await page.getByLabel('Verification token from ChatGPT').fill(token);
    await page.getByText('not saved yet').waitFor();
    await page.getByRole('button', { name: 'Save to manifest' }).click();
    await page.getByText('not saved yet').waitFor({ state: 'detached' });
    await page.getByText(/as served at/).waitFor();
    await expect.poll(() => page.getByLabel('Manifest auth preview').textContent()).toContain(token);
    const manifest = (await (await fetch(server.manifestUrl)).json()) as { auth: { verification_tokens: { openai: string } } };
    expect(manifest.auth.verification_tokens.openai).toBe(token);
  });

  it('adds a user in the UI and signs in as them through the real authorize page', async () => {
    await page.getByRole('button', { name: /^Users/ }).click();
    await page.getByLabel('Email', { exact: true }).fill(email);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByLabel('Name (optional)').fill('Ada Lovelace');
    await page.getByRole('button', { name: 'Add user' }).click();
    await page.getByRole('list', { name: 'Users' }).getByText(email).waitFor();

    const client = await control<ClientView>(server, 'GET', '/api/client');
    const state = randomUUID();
    const callback = await signInThroughAuthorizePage(browser, server, { clientId: client.id, email, password, redirectUri, state });
    expect(callback.callbackUrl.split('?')[0]).toBe(redirectUri);
    expect(callback.state).toBe(state);
    code = callback.code;
    expect(code).not.toBe('');

    await page.getByRole('button', { name: /^Setup/ }).click();
    const steps = page.getByRole('list', { name: 'Waiting for ChatGPT' });
    await expect.poll(() => steps.locator('li', { hasText: 'Signed in' }).getAttribute('class')).toContain('done');
  });

  it('shows the token request live in Traffic and diagnoses the wrong secret', async () => {
    await page.getByRole('button', { name: /^Traffic/ }).click();
    const list = page.getByRole('listbox', { name: 'Requests, newest first' });
    await list.waitFor();
    const before = await list.getByRole('option').count();
    const client = await control<ClientView>(server, 'GET', '/api/client');

    const response = await exchangeCode(server, {
      client_id: client.id,
      client_secret: 'definitely-not-the-secret',
      code,
      redirect_uri: redirectUri,
    });
    expect(response.status).toBe(401);

    const tokenRow = list.getByRole('option').filter({ hasText: '/oauth/token' }).first();
    await tokenRow.waitFor();
    expect(await list.getByRole('option').count()).toBeGreaterThan(before);
    expect(await tokenRow.textContent()).toContain('401');
    await tokenRow.click();
    const diagnosis = page.getByRole('region', { name: 'Request detail' }).getByRole('list', { name: 'Diagnosis' });
    await diagnosis.getByText('client_secret_mismatch').waitFor();
    expect(await diagnosis.textContent()).toMatch(/does not match/);
    const body = await page.getByRole('region', { name: 'Request detail' }).textContent();
    expect(body).not.toContain('definitely-not-the-secret');
  });

  it('exports the traffic as HAR', async () => {
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export HAR' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^handshake-.*\.har$/);
    const har = JSON.parse(readFileSync((await file.path())!, 'utf8')) as {
      log: { version: string; entries: { request: { url: string }; response: { status: number } }[] };
    };
    expect(har.log.version).toBe('1.2');
    expect(har.log.entries.some((e) => e.request.url.endsWith('/oauth/token') && e.response.status === 401)).toBe(true);
  });

  it('logged no console errors along the way', () => {
    expect(consoleErrors).toEqual([]);
  });
});

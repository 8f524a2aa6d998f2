import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import type { HeadlessServer } from './headless-server';

export const chatGptCallback = () => `https://chat.openai.com/aip/plugin-${randomUUID()}/oauth/callback`;

/**
 * The user's half of an install: the authorize URL ChatGPT opens, the real login page, and the 302 back to
 * ChatGPT's callback — intercepted with page.route so nothing leaves the machine. Returns the callback's query.
 */
export async function signInThroughAuthorizePage(
  browser: Browser,
  server: HeadlessServer,
  options: { clientId: string; email: string; password: string; redirectUri: string; state?: string },
): Promise<{ code: string; state: string; callbackUrl: string }> {
  const state = options.state ?? randomUUID();
  const page = await browser.newPage();
  // The user's browser reaches the login page through the public URL (a tunnel or proxy adds X-Forwarded-For).
  await page.setExtraHTTPHeaders({ 'X-Forwarded-For': '203.0.113.7' });
  try {
    let callbackUrl = '';
    await page.route('https://chat.openai.com/**', (route) => {
      callbackUrl = route.request().url();
      return route.fulfill({ status: 200, contentType: 'text/html', body: '<h1>ChatGPT callback (intercepted)</h1>' });
    });
    const authorize = new URL('/oauth/authorize', server.publicOrigin);
    authorize.search = new URLSearchParams({
      response_type: 'code',
      client_id: options.clientId,
      redirect_uri: options.redirectUri,
      scope: '',
      state,
    }).toString();
    await page.goto(authorize.toString());
    await page.getByLabel('Email').fill(options.email);
    await page.getByLabel('Password').fill(options.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const deadline = Date.now() + 15_000;
    while (!callbackUrl && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    if (!callbackUrl)
      throw new Error(`no redirect to ChatGPT; the browser shows ${page.url()}: ${(await page.textContent('body'))?.slice(0, 400)}`);
    const callback = new URL(callbackUrl);
    return { code: callback.searchParams.get('code') ?? '', state: callback.searchParams.get('state') ?? '', callbackUrl };
  } finally {
    await page.close();
  }
}

/** ChatGPT's server exchanging the code (JSON body, secret in the body). */
export async function exchangeCode(
  server: HeadlessServer,
  body: Record<string, string>,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(new URL('/oauth/token', server.publicOrigin), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'User-Agent': 'OpenAI' },
    body: JSON.stringify({ grant_type: 'authorization_code', ...body }),
  });
  return { status: response.status, json: (await response.json().catch(() => ({}))) as Record<string, unknown> };
}

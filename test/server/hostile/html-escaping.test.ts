import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { escapeHtml } from '../../../server/public/views/html';
import { chatGptRedirectUri, openLoginForm, submitLoginForm } from '../reliability/support/chatgpt-client';
import { startTestCore, type TestCore } from '../support/test-core';
import { pct } from './support/fuzz-cases';
import { markupPayloads } from './support/hostile-values';

/**
 * Every HTML page escapes what it echoes: markup is injected through every parameter a page shows (query, form
 * fields, the app name from settings) and the page source must hold it escaped — present, so it really was echoed,
 * and never raw.
 */

let running: TestCore;
let clientId: string;
const user = { email: 'escape@example.com', password: 'escape-password-1', name: 'Escape' };

beforeAll(async () => {
  running = await startTestCore({ users: [user] });
  clientId = running.client.id;
});

afterAll(async () => {
  await running?.close();
});

function expectEscaped(page: string, payload: string): void {
  expect(page.startsWith('<!doctype html>')).toBe(true);
  expect(page).not.toContain(payload);
  expect(page).toContain(escapeHtml(payload));
}

async function authorizePage(parameters: Record<string, string>): Promise<{ status: number; page: string; type: string | null }> {
  const query = Object.entries(parameters)
    .map(([name, value]) => `${name}=${pct(value)}`)
    .join('&');
  const response = await fetch(`${running.publicUrl}/oauth/authorize?${query}`, { redirect: 'manual' });
  return { status: response.status, page: await response.text(), type: response.headers.get('content-type') };
}

const valid = () => ({ response_type: 'code', client_id: clientId, redirect_uri: chatGptRedirectUri, scope: '', state: 'abc' });

describe.each(markupPayloads)('payload %s', (payload) => {
  test('client_id on the "unknown application" page', async () => {
    const { status, page } = await authorizePage({ ...valid(), client_id: payload });
    expect(status).toBe(400);
    expectEscaped(page, payload);
  });

  test('redirect_uri on the "redirect not allowed" page (and in the difference it explains)', async () => {
    for (const redirectUri of [payload, `https://chat.openai.com/aip/${payload}/oauth/callback`, `${chatGptRedirectUri}${payload}`]) {
      const { status, page } = await authorizePage({ ...valid(), redirect_uri: redirectUri });
      expect(status).toBe(400);
      expectEscaped(page, redirectUri);
    }
  });

  test('state and scope in the login form', async () => {
    for (const name of ['state', 'scope']) {
      const { status, page } = await authorizePage({ ...valid(), [name]: payload });
      expect(status).toBe(200);
      expectEscaped(page, payload);
    }
  });

  test('flow_id is never echoed unless it is a well-formed id', async () => {
    const { page } = await authorizePage({ ...valid(), flow_id: payload });
    expect(page).not.toContain(payload);
    expect(page).toMatch(/name="flow_id" value="flw_[A-Za-z0-9_-]+"/);
  });

  test('email on the "wrong password" page', async () => {
    const form = await openLoginForm(running.publicUrl, clientId);
    const response = await submitLoginForm(running.publicUrl, form, payload, 'wrong-password');
    expect(response.status).toBe(401);
    expectEscaped(response.text, payload);
  });

  test('client_id on a login post naming an unknown client', async () => {
    const body = new URLSearchParams({ ...valid(), client_id: payload, email: user.email, password: user.password, csrf: 'x' });
    const response = await fetch(`${running.publicUrl}/oauth/authorize`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
    });
    expect(response.status).toBe(400);
    expectEscaped(await response.text(), payload);
  });
});

test('the app name from settings, on the login page and the legal page', async () => {
  // name_for_human is limited to 20 characters; these fit.
  for (const name of ['<script>x()</script>', '"><svg onload=x()>', "'><img src=x>"]) {
    await running.api.call('PATCH', '/api/settings', { manifest: { name_for_human: name } });
    const login = await authorizePage(valid());
    expect(login.status).toBe(200);
    expectEscaped(login.page, name);
    const legal = await fetch(`${running.publicUrl}/legal`);
    expect(legal.status).toBe(200);
    expectEscaped(await legal.text(), name);
  }
});

test('encoded CR/LF in state stays encoded in the redirect; no header is injected', async () => {
  for (const state of ['x\r\nX-Injected: 1', 'x\r\nSet-Cookie: hs_injected=1', '\r\n\r\n<script>alert(1)</script>']) {
    // response_type missing: the error goes back to ChatGPT by redirect, state included.
    const { response_type: _omitted, ...rest } = valid();
    const query = Object.entries({ ...rest, state })
      .map(([name, value]) => `${name}=${pct(value)}`)
      .join('&');
    const response = await fetch(`${running.publicUrl}/oauth/authorize?${query}`, { redirect: 'manual' });
    expect(response.status).toBe(302);
    const location = response.headers.get('location')!;
    expect(location.startsWith(`${chatGptRedirectUri}?`)).toBe(true);
    expect(location).not.toMatch(/[\r\n]/);
    expect(new URL(location).searchParams.get('state')).toBe(state);
    expect(response.headers.get('x-injected')).toBeNull();
    expect(response.headers.getSetCookie().join(';')).not.toContain('hs_injected');
  }
});

import { afterEach, describe, expect, it } from 'vitest';
import { SignInTickets } from '../../../server/oauth/sign-in-tickets';
import { httpRequest } from '../support/http-request';
import { startTestCore, type TestCore } from '../support/test-core';
import { expectFailedAt, type ProxiedCore, runCheck, startProxiedCore } from './check-fixture';

describe('sign-in tickets', () => {
  it('are redeemed once, for the user they were minted for, and only within their minute', () => {
    const tickets = new SignInTickets();
    const now = 1_000_000;
    const ticket = tickets.mint('usr_1', now);
    expect(tickets.redeem(ticket, now + 1000)).toBe('usr_1');
    expect(tickets.redeem(ticket, now + 1000)).toBeNull();
    expect(tickets.redeem(`hst_${'A'.repeat(43)}`, now)).toBeNull();
    const late = tickets.mint('usr_1', now);
    expect(tickets.redeem(late, now + 60_000)).toBeNull();
    expect(tickets.redeem(late, now)).toBeNull();
  });
});

describe('the login form and check tickets', () => {
  let core: TestCore | null = null;
  let proxied: ProxiedCore | null = null;
  afterEach(async () => {
    await core?.close();
    await proxied?.close();
    core = proxied = null;
  });

  it('refuses a forged ticket like a wrong password, and says so in the log', async () => {
    core = await startTestCore();
    const gpt = core.chatGpt();
    const form = await gpt.openLoginForm();
    const answer = await httpRequest(`${core.publicUrl}/oauth/authorize`, {
      method: 'POST',
      body: new URLSearchParams({
        ...form.fields,
        email: 'demo@handshake.local',
        sign_in_ticket: `hst_${'x'.repeat(43)}`,
        decision: 'allow',
      }).toString(),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: form.cookie },
    });
    expect(answer.status).toBe(401);
    expect(answer.headers.location).toBeUndefined();
    const entry = await core.api.waitForEntry((candidate) => candidate.kind === 'login');
    expect(entry.notes.find((note) => note.code === 'login_failed')?.message).toMatch(
      /^A sign-in ticket was refused: unknown, already used, expired, or minted for another user\./,
    );
  });

  it('refuses a ticket used a second time', async () => {
    proxied = await startProxiedCore({});
    const run = await runCheck(proxied.core, { profile: 'classic', url: proxied.proxy.url });
    expect(run.state).toBe('passed');
    const signIn = proxied.proxy.requests.find((request) => request.method === 'POST' && request.path === '/oauth/authorize')!;
    expect(new URLSearchParams(signIn.body).get('sign_in_ticket')).toMatch(/^hst_/);
    const again = await httpRequest(`${proxied.core.publicUrl}/oauth/authorize`, {
      method: 'POST',
      body: signIn.body,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: signIn.headers.cookie },
    });
    expect(again.status).toBe(401);
    expect(again.text).toContain('Wrong email or password.');
  });

  it('refuses a ticket presented with another user’s email', async () => {
    proxied = await startProxiedCore(
      {
        request: (request) => {
          if (request.method !== 'POST' || request.path !== '/oauth/authorize') return request;
          const fields = new URLSearchParams(request.body);
          fields.set('email', 'eve@example.com');
          return { ...request, body: fields.toString() };
        },
      },
      { users: [{ email: 'eve@example.com', password: 'eve-password-123' }] },
    );
    const step = expectFailedAt(
      await runCheck(proxied.core, { profile: 'classic', url: proxied.proxy.url, user: 'demo@handshake.local' }),
      'sign-in',
    );
    expect(step.reason).toBe(
      'The sign-in form answered 401 instead of redirecting back: "Sign in to Handshake Todo: Wrong email or password.".',
    );
  });
});

describe('POST /api/checks input', () => {
  let core: TestCore | null = null;
  afterEach(async () => {
    await core?.close();
    core = null;
  });

  it('names the field it refuses', async () => {
    core = await startTestCore();
    const cases: [unknown, string][] = [
      [{}, 'profile'],
      [{ profile: 'gpt' }, 'profile'],
      [{ profile: 'mcp', url: 'ftp://example.com' }, 'url'],
      [{ profile: 'mcp', user: 'not an email' }, 'user'],
      [{ profile: 'mcp', user: 'nobody@example.com' }, 'user'],
      [{ profile: 'classic', tokenAuth: 'header' }, 'tokenAuth'],
      [{ profile: 'classic', extra: 1 }, ''],
    ];
    for (const [body, field] of cases) {
      const response = await core.api.send('POST', '/api/checks', body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.json.error.code).toBe('invalid_input');
      if (field) expect(response.json.error.field, JSON.stringify(body)).toBe(field);
    }
  });

  it('signs in as the user named', async () => {
    core = await startTestCore({ users: [{ email: 'ada@example.com', password: 'ada-password-123' }] });
    const run = await runCheck(core, { profile: 'mcp', user: 'ADA@example.com' });
    expect(run.user).toBe('ada@example.com');
    expect(run.state).toBe('passed');
  });
});

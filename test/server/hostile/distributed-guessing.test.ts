import { LoginThrottle } from '../../../server/public/login-throttle';
import { openLoginForm, submitLoginForm } from '../reliability/support/chatgpt-client';
import { markedRequest } from '../support/control-client';
import { startTestCore, type TestCore } from '../support/test-core';

/**
 * Guessing one account from many addresses, one guess each (what the per-address limits cannot see): past 10
 * failures in an hour the account's password is checked at most once per spacing, doubling up to 36 s (about 100
 * checks an hour), while its owner still gets in — at once from a browser that signed in before, and from a brand-new
 * browser on a new address at the next due check. The throttle runs on a clock the test moves; no wall-clock waits.
 */

let clock = Date.parse('2026-12-07T12:00:00Z');
let running: TestCore;
const owner = { email: 'owner@example.com', password: 'the-right-password', name: 'Owner' };

beforeAll(async () => {
  running = await startTestCore({ core: { loginThrottle: new LoginThrottle({ now: () => clock }) }, users: [owner] });
});
afterAll(() => running?.close());

async function signIn(password: string, address: string, extraCookie = '', headers: Record<string, string> = {}) {
  const form = await openLoginForm(running.publicUrl, running.client.id);
  const cookie = [form.cookie, extraCookie].filter(Boolean).join('; ');
  const response = await submitLoginForm(running.publicUrl, form, owner.email, password, {
    'x-forwarded-for': address,
    ...(cookie ? { Cookie: cookie } : {}),
    ...headers,
  });
  const setCookies = ([] as string[]).concat(response.headers['set-cookie'] ?? []);
  return {
    status: response.status,
    retryAfter: Number(response.headers['retry-after'] ?? 0),
    page: response.text,
    device: setCookies.find((c) => c.startsWith('hs_device_'))?.split(';')[0] ?? '',
  };
}

test('200 guesses from 200 addresses against one account are slowed, while the owner signs in from new addresses', {
  timeout: 120_000,
}, async () => {
  // The owner signed in once from home: that browser keeps the account's device cookie.
  const home = await signIn(owner.password, '203.0.113.1');
  expect(home.status).toBe(302);
  expect(home.device).toMatch(/^hs_device_[0-9a-f]{16}=/);

  const statuses: number[] = [];
  const waits: number[] = [];
  for (let i = 0; i < 200; i++) {
    const guess = await signIn(`guess-${i}`, `198.18.${Math.floor(i / 250)}.${(i % 250) + 1}`);
    statuses.push(guess.status);
    if (guess.status === 429) waits.push(guess.retryAfter);
    clock += 1000; // one guess a second, each from an address never seen before
  }
  const checked = statuses.filter((status) => status === 401).length;
  // 10 free, then checks 1, 2, 4, 8, 16, 32 s apart within 200 s: 16 or so, nowhere near 200.
  expect(checked).toBeLessThanOrEqual(20);
  expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
  expect(statuses.filter((status) => status === 429)).toHaveLength(200 - checked);
  expect(Math.max(...waits)).toBeGreaterThanOrEqual(30);

  // Mid-attack, the owner's own browser on a café's address: not slowed at all.
  const cafe = await signIn(owner.password, '192.0.2.50', home.device);
  expect(cafe.status).toBe(302);

  // A brand-new browser on a new address: told how long to wait, in words, and let in at the next due check.
  const { mark, headers } = markedRequest();
  const fresh = await signIn(owner.password, '192.0.2.77', '', headers);
  expect(fresh.status).toBe(429);
  expect(fresh.page).toMatch(/many failed sign-ins from many places/);
  expect(fresh.page).toMatch(/the right password will get in/);
  const note = (await running.api.entryMarked(mark)).notes.find((n) => n.code === 'login_throttled');
  expect(note?.message).toMatch(/"owner@example\.com" had \d+ failed sign-ins from all addresses in the last hour/);
  expect(note?.message).toMatch(/checked at most once every 36 s/);
  clock += fresh.retryAfter * 1000;
  expect((await signIn(owner.password, '192.0.2.77')).status).toBe(302);
});

test('distributed guessing is held to about 100 password checks an hour per account', { timeout: 300_000 }, async () => {
  const throttle = new LoginThrottle({ now: () => clock });
  let checked = 0;
  const start = clock;
  // 20 guesses a second from fresh addresses for an hour, straight at the throttle (the HTTP path is the test above).
  for (let t = 0; t < 3600 * 20; t++) {
    const attempt = { email: 'target@example.com', address: `10.${(t >> 16) & 255}.${(t >> 8) & 255}.${t & 255}`, addressKnown: true };
    if (!throttle.refusal(attempt)) {
      throttle.recordFailure(attempt);
      checked++;
    }
    clock = start + t * 50;
  }
  expect(checked).toBeGreaterThan(90);
  expect(checked).toBeLessThanOrEqual(115);
  // The next hour, with the attack still going, is at the cap: 100.
  let nextHour = 0;
  for (let t = 0; t < 3600 * 20; t++) {
    const attempt = { email: 'target@example.com', address: `11.${(t >> 16) & 255}.${(t >> 8) & 255}.${t & 255}`, addressKnown: true };
    if (!throttle.refusal(attempt)) {
      throttle.recordFailure(attempt);
      nextHour++;
    }
    clock = start + 3600_000 + t * 50;
  }
  expect(nextHour).toBeLessThanOrEqual(101);
});

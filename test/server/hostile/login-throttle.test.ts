import { afterAll, afterEach, beforeAll, expect, test, vi } from 'vitest';
import { type LoginForm, openLoginForm, submitLoginForm } from '../reliability/support/chatgpt-client';
import { markedRequest } from '../support/control-client';
import { startTestCore, type TestCore } from '../support/test-core';

/**
 * Password guessing at the login form: a burst of wrong passwords, sequential or all at once, gets only a handful
 * of real checks; after that even the right password is refused from that address (429, Retry-After) until the
 * window has passed, while the account's owner elsewhere still gets in.
 * Limits (server/public/login-throttle.ts): 5 failures per account and address, 20 per client address, 15 minutes.
 */

const windowMs = 15 * 60 * 1000;
const perAccount = 5;
const perAddress = 20;
let running: TestCore;
let clientId: string;
let userNumber = 0;

beforeAll(async () => {
  running = await startTestCore();
  clientId = running.client.id;
});

afterAll(async () => {
  await running?.close();
});

afterEach(() => {
  vi.useRealTimers();
});

async function newUser(): Promise<{ email: string; password: string }> {
  const user = { email: `victim-${++userNumber}@example.com`, password: `right-password-${userNumber}`, name: 'Victim' };
  await running.api.call('POST', '/api/users', user);
  return user;
}

/** One sign-in attempt through the real form; the request comes from `address` as the tunnel reports it. */
async function attempt(
  form: LoginForm,
  email: string,
  password: string,
  forwardedFor: string | null,
  headers: Record<string, string> = {},
): Promise<{ status: number; retryAfter: string | null; page: string; location: string | null }> {
  const forwarded: Record<string, string> = forwardedFor === null ? {} : { 'x-forwarded-for': forwardedFor };
  const response = await submitLoginForm(running.publicUrl, form, email, password, { ...forwarded, ...headers });
  const header = (name: string) => (response.headers[name] as string | undefined) ?? null;
  return { status: response.status, retryAfter: header('retry-after'), page: response.text, location: header('location') };
}

test('50 wrong passwords in sequence: 5 are checked, the rest and then the right password get 429 until the window passes', {
  timeout: 60_000,
}, async () => {
  const victim = await newUser();
  const form = await openLoginForm(running.publicUrl, clientId);
  const address = '198.51.100.1';
  const statuses: number[] = [];
  for (let i = 0; i < 50; i++) statuses.push((await attempt(form, victim.email, `wrong-${i}`, address)).status);
  expect(statuses.slice(0, perAccount)).toEqual(Array(perAccount).fill(401));
  expect(statuses.slice(perAccount)).toEqual(Array(50 - perAccount).fill(429));

  const right = await attempt(form, victim.email, victim.password, address);
  expect(right.status).toBe(429);
  expect(right.location).toBeNull();
  expect(Number(right.retryAfter)).toBeGreaterThan(0);
  expect(Number(right.retryAfter)).toBeLessThanOrEqual(windowMs / 1000);
  expect(right.page).toMatch(/Too many failed attempts/);

  vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + windowMs + 1000 });
  const later = await attempt(form, victim.email, victim.password, address);
  expect(later.status).toBe(302);
  expect(later.location).toMatch(/[?&]code=hsc_/);
});

test('50 wrong passwords all at once: no more than the limit are checked, and the right password is refused after', {
  timeout: 60_000,
}, async () => {
  const victim = await newUser();
  const form = await openLoginForm(running.publicUrl, clientId);
  const address = '198.51.100.2';
  const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => attempt(form, victim.email, `wrong-${i}`, address)));
  const checked = answers.filter((answer) => answer.status === 401).length;
  expect(checked).toBeLessThanOrEqual(perAccount);
  expect(answers.filter((answer) => answer.status === 429)).toHaveLength(50 - checked);
  expect((await attempt(form, victim.email, victim.password, address)).status).toBe(429);
});

test('guessing across many accounts from one address is stopped by the per-address limit', { timeout: 60_000 }, async () => {
  const form = await openLoginForm(running.publicUrl, clientId);
  const address = '198.51.100.3';
  const statuses: number[] = [];
  for (let i = 0; i < perAddress + 5; i++) statuses.push((await attempt(form, `nobody-${i}@example.com`, 'guess', address)).status);
  expect(statuses.slice(0, perAddress)).toEqual(Array(perAddress).fill(401));
  expect(statuses.slice(perAddress)).toEqual(Array(5).fill(429));
  const victim = await newUser();
  expect((await attempt(form, victim.email, victim.password, address)).status).toBe(429);
  expect((await attempt(form, victim.email, victim.password, '198.51.100.4')).status).toBe(302);
});

test('a forged first X-Forwarded-For entry does not give each guess a new address', { timeout: 60_000 }, async () => {
  // Through the tunnel the proxy appends the real client address; whatever the client put in front is its own claim.
  const form = await openLoginForm(running.publicUrl, clientId);
  const real = '198.51.100.5';
  const statuses: number[] = [];
  for (let i = 0; i < perAddress + 3; i++)
    statuses.push((await attempt(form, `spray-${i}@example.com`, 'guess', `10.0.${i}.1, ${real}`)).status);
  expect(statuses.slice(perAddress)).toEqual([429, 429, 429]);
});

test('successful sign-ins do not count against the address', { timeout: 60_000 }, async () => {
  const victim = await newUser();
  const address = '198.51.100.6';
  for (let i = 0; i < perAddress + 2; i++) {
    const form = await openLoginForm(running.publicUrl, clientId);
    expect((await attempt(form, victim.email, victim.password, address)).status).toBe(302);
  }
});

test('guessing an account from one address does not lock its owner out: the right password from another address gets in', {
  timeout: 60_000,
}, async () => {
  const victim = await newUser();
  const form = await openLoginForm(running.publicUrl, clientId);
  for (let i = 0; i < perAccount * 3; i++) await attempt(form, victim.email, `wrong-${i}`, '198.51.100.7');
  expect((await attempt(form, victim.email, victim.password, '198.51.100.7')).status).toBe(429);
  const owner = await attempt(form, victim.email, victim.password, '203.0.113.7');
  expect(owner.status).toBe(302);
  expect(owner.location).toMatch(/[?&]code=hsc_/);
});

test('reached without X-Forwarded-For, failures on other accounts do not block everyone; only the guessed account is slowed', {
  timeout: 60_000,
}, async () => {
  const form = await openLoginForm(running.publicUrl, clientId);
  const statuses: number[] = [];
  for (let i = 0; i < perAddress + 5; i++) statuses.push((await attempt(form, `anyone-${i}@example.com`, 'guess', null)).status);
  expect(statuses).toEqual(Array(perAddress + 5).fill(401));
  const victim = await newUser();
  expect((await attempt(form, victim.email, victim.password, null)).status).toBe(302);

  const guessed = await newUser();
  for (let i = 0; i < perAccount; i++) expect((await attempt(form, guessed.email, `wrong-${i}`, null)).status).toBe(401);
  expect((await attempt(form, guessed.email, `wrong-again`, null)).status).toBe(429);
});

test('a refused sign-in says on the page when to try again, and the traffic log shows the throttling', { timeout: 60_000 }, async () => {
  const victim = await newUser();
  const form = await openLoginForm(running.publicUrl, clientId);
  const address = '198.51.100.8';
  for (let i = 0; i < perAccount; i++) await attempt(form, victim.email, `wrong-${i}`, address);
  const { mark, headers } = markedRequest();
  const refused = await attempt(form, victim.email, victim.password, address, headers);
  expect(refused.status).toBe(429);
  expect(refused.page).toMatch(/Try again in 15 minutes/);
  const entry = await running.api.entryMarked(mark);
  const note = entry.notes.find((candidate) => candidate.code === 'login_throttled');
  expect(note?.message).toContain(victim.email);
  expect(note?.message).toContain(address);
});

import { randomUUID } from 'node:crypto';
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, type JSONWebKeySet, jwtVerify } from 'jose';
import type { FaultView } from '../../../server/control/control-api';
import type { SigningKeyView } from '../../../server/oauth/keys/key-store';
import { markHeader } from '../support/control-client';
import { httpRequest } from '../support/http-request';
import { noteOf, type PluginFixture, startPluginFixture } from '../support/plugin-fixture';

/** The auth faults a resource server meets, injected through the control API and each marked in Traffic. */
let plugin: PluginFixture;
beforeAll(async () => {
  plugin = await startPluginFixture();
});
afterEach(async () => {
  await plugin.api.call('DELETE', '/api/faults');
});
afterAll(async () => {
  await plugin?.close();
});

const marked = () => {
  const mark = randomUUID();
  return { mark, headers: { [markHeader]: mark } };
};

async function jwks(headers: Record<string, string> = {}) {
  return httpRequest(`${plugin.publicUrl}/oauth/jwks.json`, { headers });
}

test('rotate keys and retire the old one now: the old kid leaves the JWKS, its tokens stop verifying, Traffic says it was injected', async () => {
  const { tokens } = await plugin.gpt.install(plugin.user);
  const oldKid = decodeProtectedHeader(tokens.access_token).kid!;
  const injected = await plugin.api.send('POST', '/api/faults', { kind: 'rotate-keys', retireNow: true });
  expect(injected.status).toBe(201);

  const { mark, headers } = marked();
  const keys = (await jwks(headers)).json as JSONWebKeySet;
  expect(keys.keys.map((key) => key.kid)).not.toContain(oldKid);
  const note = noteOf(await plugin.api.entryMarked(mark), 'fault_injected');
  expect(note.message).toMatch(new RegExp(`old key ${oldKid} was retired at once`));
  await expect(jwtVerify(tokens.access_token, createLocalJWKSet(keys))).rejects.toThrow(/no applicable key|matching/i);

  // The next token answer is signed by the new key and says so too; the one after says nothing.
  const next = marked();
  const refreshed = await plugin.gpt.refresh(tokens.refresh_token, {}, { headers: next.headers });
  expect(refreshed.status).toBe(200);
  expect(decodeProtectedHeader(refreshed.json.access_token).kid).not.toBe(oldKid);
  expect(noteOf(await plugin.api.entryMarked(next.mark), 'fault_injected').message).toMatch(/Injected key rotation/);
  await jwtVerify(refreshed.json.access_token, createLocalJWKSet(keys));
  const later = marked();
  await jwks(later.headers);
  expect((await plugin.api.entryMarked(later.mark)).notes.filter((entry) => entry.code === 'fault_injected')).toEqual([]);

  const listed = await plugin.api.get<SigningKeyView[]>('/api/keys');
  expect(listed.find((key) => key.kid === oldKid)).toMatchObject({ published: false });
});

test('rotate keys mid-session without retiring: both kids are published, old tokens still verify', async () => {
  const { tokens } = await plugin.gpt.install(plugin.user);
  const oldKid = decodeProtectedHeader(tokens.access_token).kid!;
  await plugin.api.call('POST', '/api/faults', { kind: 'rotate-keys' });
  const keys = (await jwks()).json as JSONWebKeySet;
  expect(keys.keys).toHaveLength(2);
  expect(keys.keys[1].kid).toBe(oldKid);
  await jwtVerify(tokens.access_token, createLocalJWKSet(keys));
});

test('clock skew: tokens minted N seconds behind are already expired for a verifier, noted on the token answer, until cleared', async () => {
  await plugin.api.call('POST', '/api/faults', { kind: 'clock-skew', seconds: -7200 });
  expect(await plugin.api.get<FaultView[]>('/api/faults')).toEqual([
    expect.objectContaining({ kind: 'clock-skew', target: 'token', skewSeconds: -7200, remaining: null }),
  ]);
  const { code } = await plugin.gpt.obtainCode(plugin.user);
  const { mark, headers } = marked();
  const exchanged = await plugin.gpt.exchangeCode(code, {}, { headers });
  expect(exchanged.status).toBe(200);
  const claims = decodeJwt(exchanged.json.access_token);
  expect(Math.abs(claims.iat! - (Math.floor(Date.now() / 1000) - 7200))).toBeLessThan(5);
  const keys = createLocalJWKSet((await jwks()).json);
  await expect(jwtVerify(exchanged.json.access_token, keys)).rejects.toThrow(/exp/);
  expect(noteOf(await plugin.api.entryMarked(mark), 'fault_injected').message).toMatch(/7200 s behind/);

  await plugin.api.call('DELETE', '/api/faults');
  const fresh = await plugin.gpt.install(plugin.user);
  await jwtVerify(fresh.tokens.access_token, keys);
});

test('the JWKS answers 503 for N seconds, with Retry-After, then recovers by itself', async () => {
  await plugin.api.call('POST', '/api/faults', { kind: 'jwks-unavailable', seconds: 1 });
  const listed = await plugin.api.get<FaultView[]>('/api/faults');
  expect(listed).toEqual([expect.objectContaining({ kind: 'jwks-unavailable', target: 'jwks', status: 503, until: expect.any(String) })]);
  const { mark, headers } = marked();
  const down = await jwks(headers);
  expect(down.status).toBe(503);
  expect(down.headers['retry-after']).toBe('1');
  expect(noteOf(await plugin.api.entryMarked(mark), 'fault_injected').message).toMatch(/Injected JWKS outage: it answers 503/);
  await new Promise((resolve) => setTimeout(resolve, 1100));
  expect((await jwks()).status).toBe(200);
  expect(await plugin.api.get<FaultView[]>('/api/faults')).toEqual([]);
});

test('the JWKS answers slowly for N seconds, at the provider shape’s keys path too', async () => {
  await plugin.api.call('PATCH', '/api/settings', { tokenShape: 'okta' });
  try {
    await plugin.api.call('POST', '/api/faults', { kind: 'jwks-slow', seconds: 30, delayMs: 300 });
    const { mark, headers } = marked();
    const started = Date.now();
    const slow = await httpRequest(`${plugin.publicUrl}/oauth2/default/v1/keys`, { headers });
    expect(slow.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(noteOf(await plugin.api.entryMarked(mark), 'fault_injected').message).toMatch(/Injected slow JWKS: this answer waited 300 ms/);
  } finally {
    await plugin.api.call('PATCH', '/api/settings', { tokenShape: 'handshake' });
  }
});

test('the next refresh fails with invalid_grant while code exchanges go through, then refreshes work again', async () => {
  await plugin.api.call('POST', '/api/faults', { kind: 'fail', target: 'refresh', count: 1, error: 'invalid_grant' });
  const { tokens } = await plugin.gpt.install(plugin.user);
  const { mark, headers } = marked();
  const refused = await plugin.gpt.refresh(tokens.refresh_token, {}, { headers });
  expect(refused.status).toBe(400);
  expect(refused.json.error).toBe('invalid_grant');
  expect(noteOf(await plugin.api.entryMarked(mark), 'fault_injected').message).toMatch(/Injected failure: invalid_grant/);
  expect((await plugin.gpt.refresh(tokens.refresh_token)).status).toBe(200);
});

test('bad auth fault input is a 400 naming the field', async () => {
  const skew = await plugin.api.send('POST', '/api/faults', { kind: 'clock-skew', seconds: 'soon' });
  expect(skew.status).toBe(400);
  expect(skew.json.error.field).toBe('seconds');
  const slow = await plugin.api.send('POST', '/api/faults', { kind: 'jwks-slow', seconds: 5 });
  expect(slow.status).toBe(400);
  expect(slow.json.error.field).toBe('delayMs');
  const rotate = await plugin.api.send('POST', '/api/faults', { kind: 'rotate-keys', retireNow: 'yes' });
  expect(rotate.status).toBe(400);
  expect(rotate.json.error.field).toBe('retireNow');
});

import { readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createLocalJWKSet, createRemoteJWKSet, decodeProtectedHeader, type JSONWebKeySet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeFileName } from '../../../server/store/database';
import { httpRequest } from '../support/http-request';
import { knownClient, knownUser, startPluginFixture } from '../support/plugin-fixture';
import type { TestCore } from '../support/test-core';

/** Issue 19: keys that survive a restart, rotate without breaking tokens in use, and never leak their private half. */
describe('signing keys', () => {
  let running: TestCore & { gpt: Awaited<ReturnType<typeof startPluginFixture>>['gpt'] };
  let issuer: string;

  beforeAll(async () => {
    running = await startPluginFixture({ keepDataDir: true });
    issuer = running.publicUrl;
  });
  afterAll(async () => {
    await running?.close();
    if (running) rmSync(running.dataDir, { recursive: true, force: true });
  });

  const mcpUrl = () => `${issuer}/mcp`;
  async function accessToken(): Promise<string> {
    const { code } = await running.gpt.obtainCode(knownUser, { resource: mcpUrl(), scope: 'openid email' });
    return (await running.gpt.exchangeCode(code, { resource: mcpUrl() })).json.access_token;
  }
  const jwks = async (): Promise<JSONWebKeySet> => (await httpRequest(`${issuer}/oauth/jwks.json`)).json;
  const verify = async (token: string) => jwtVerify(token, createLocalJWKSet(await jwks()), { issuer, audience: mcpUrl() });

  it('publishes the JWKS with a cache lifetime, named jwks_uri in both discovery documents', async () => {
    const response = await httpRequest(`${issuer}/oauth/jwks.json`);
    expect(response.headers['cache-control']).toMatch(/max-age=\d+/);
    expect(response.json.keys).toHaveLength(1);
    expect(response.json.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig', kid: expect.any(String) });
    expect(response.json.keys[0].d).toBeUndefined();
    for (const path of ['/.well-known/oauth-authorization-server', '/.well-known/openid-configuration'])
      expect((await httpRequest(`${issuer}${path}`)).json.jwks_uri).toBe(`${issuer}/oauth/jwks.json`);
  });

  it('keeps the key owner-only in the data dir, so tokens issued before a restart keep verifying', async () => {
    const token = await accessToken();
    expect(statSync(join(running.dataDir, storeFileName)).mode & 0o777).toBe(0o600);
    running = Object.assign(await running.restart(), { gpt: running.gpt });
    issuer = running.publicUrl;
    // The listener moved to a new port: the issuer changed with it, so verify against the token's own issuer.
    const { payload } = await jwtVerify(token, createLocalJWKSet(await jwks()));
    expect(payload.sub).toBeDefined();
  });

  it('rotation: new tokens use the new key, the old key stays published until its last token expires', async () => {
    running.gpt = running.chatGpt({ publicUrl: running.publicUrl, clientId: knownClient.id, clientSecret: knownClient.secret });
    const before = await accessToken();
    const rotated = await running.api.call<{ kid: string; retiredAt: string | null; published: boolean }[]>('POST', '/api/keys/rotate', {});
    expect(rotated[0]).toMatchObject({ retiredAt: null, published: true });
    expect(rotated[1]).toMatchObject({ retiredAt: expect.any(String), published: true });
    const after = await accessToken();
    expect(decodeProtectedHeader(after).kid).toBe(rotated[0].kid);
    expect(decodeProtectedHeader(before).kid).toBe(rotated[1].kid);
    await verify(before);
    await verify(after);
    expect((await jwks()).keys.map((key) => key.kid)).toEqual([rotated[0].kid, rotated[1].kid]);
  });

  it('"retire now" drops the old key from the JWKS: tokens it signed fail with "kid not found", as after a bad rotation', async () => {
    const before = await accessToken();
    await running.api.call('POST', '/api/keys/rotate', { retireNow: true });
    const remote = createRemoteJWKSet(new URL(`${issuer}/oauth/jwks.json`));
    await expect(jwtVerify(before, remote, { issuer, audience: mcpUrl() })).rejects.toMatchObject({ code: 'ERR_JWKS_NO_MATCHING_KEY' });
    await verify(await accessToken());
  });

  it('rotation input is validated: a 400 names the field', async () => {
    const response = await running.api.send('POST', '/api/keys/rotate', { retireNow: 'yes' });
    expect(response.status).toBe(400);
    expect(response.json.error.field).toBe('retireNow');
  });

  it('never shows a private key in the control API, traffic, HAR or logs', async () => {
    await accessToken();
    const stored = JSON.parse(readFileSync(join(running.dataDir, storeFileName), 'utf8')) as { signingKeys: { privateKey: string }[] };
    const privateParts = stored.signingKeys.map((key) =>
      key.privateKey
        .replace(/-----[^-]+-----/g, '')
        .replace(/\s+/g, '')
        .slice(40, 100),
    );
    expect(privateParts.every((part) => part.length === 60)).toBe(true);
    const exposed = [
      (await running.api.send('GET', '/api/keys')).text,
      (await running.api.send('GET', '/api/settings')).text,
      (await running.api.send('GET', '/api/status')).text,
      (await running.api.send('GET', '/api/traffic/export.har')).text,
      (await httpRequest(`${issuer}/oauth/jwks.json`)).text,
      running.logs.join('\n'),
    ];
    for (const summary of await running.core.control.listTraffic({}))
      exposed.push(JSON.stringify(await running.core.control.getTrafficEntry({ id: summary.id })));
    for (const text of exposed) for (const part of privateParts) expect(text).not.toContain(part);
    expect(exposed.join('\n')).not.toMatch(/"d":"/);
  });
});

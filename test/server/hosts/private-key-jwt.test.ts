import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { hostProfile } from '../../../server/hosts/host-profiles';
import { HostReplay, type ReplayKey } from '../../mcp-hosts/host-replay';
import { noteOf } from '../support/plugin-fixture';
import { useHostsFixture } from './hosts-fixture';

async function newKey(kid: string): Promise<ReplayKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  return { privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' } };
}

describe('private_key_jwt (RFC 7523)', () => {
  const fixture = useHostsFixture();
  let key: ReplayKey;
  let foreign: ReplayKey;

  beforeAll(async () => {
    key = await newKey('k1');
    foreign = await newKey('k1');
  });

  /** ChatGPT's document shape (mcp-hosts.md §2.1.1), served on loopback with its key set beside it. */
  async function chatGptLikeClient(): Promise<HostReplay> {
    const path = `/oauth/${randomUUID()}`;
    fixture.documents.documents.set(`${path}/jwks.json`, { body: { keys: [key.publicJwk] } });
    const replay = new HostReplay(hostProfile('chatgpt'), fixture.mcpUrl);
    const clientId = fixture.documents.serve(`${path}/client.json`, [hostProfile('chatgpt').connect.redirectUri], {
      metadata: {
        ...hostProfile('chatgpt').pinnedDocuments[0].document,
        client_id: `${fixture.documents.origin}${path}/client.json`,
        jwks_uri: `${fixture.documents.origin}${path}/jwks.json`,
      },
    });
    await replay.discover();
    replay.identifyByDocument(clientId);
    replay.key = key;
    return replay;
  }

  async function refusal(replay: HostReplay, assertion: string, code: string) {
    const answer = await replay.token({ grant_type: 'refresh_token', refresh_token: 'rt_whatever' }, assertion);
    expect(answer.status).toBe(401);
    expect(answer.json.error).toBe('invalid_client');
    const entry = await fixture.plugin.api.waitForEntry(
      (candidate) => candidate.kind === 'token' && candidate.notes.some((note) => note.code === code),
    );
    return noteOf(entry, code).message;
  }

  it('is advertised with its signing algorithms', async () => {
    const replay = new HostReplay(hostProfile('chatgpt'), fixture.mcpUrl);
    await replay.discover();
    expect(replay.server.token_endpoint_auth_methods_supported).toContain('private_key_jwt');
    expect(replay.server.token_endpoint_auth_signing_alg_values_supported).toContain('RS256');
    expect(replay.server.token_endpoint_auth_signing_alg_values_supported).not.toContain('HS256');
  });

  it('a CIMD client whose document names jwks_uri connects with assertions: aud = the token endpoint, then aud = the issuer', async () => {
    const replay = await chatGptLikeClient();
    const signedIn = await replay.signIn(fixture.user);
    const tokens = await replay.exchange(signedIn);
    const byIssuer = await replay.token(
      { grant_type: 'refresh_token', refresh_token: tokens.refresh_token },
      await replay.assertion({ aud: fixture.plugin.publicUrl }),
    );
    expect(byIssuer.status).toBe(200);
    expect((await replay.initialize(byIssuer.json.access_token)).status).toBe(200);
  });

  it('a replayed assertion is invalid_client, and the diagnosis says it was replayed', async () => {
    const replay = await chatGptLikeClient();
    const tokens = await replay.exchange(await replay.signIn(fixture.user));
    const assertion = await replay.assertion();
    expect((await replay.token({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token }, assertion)).status).toBe(200);
    expect(await refusal(replay, assertion, 'assertion_replayed')).toMatch(/already used; each one is single use/);
  });

  it('an assertion signed with a foreign key (same kid) is invalid_client: the signature check fails', async () => {
    const replay = await chatGptLikeClient();
    await replay.signIn(fixture.user);
    expect(await refusal(replay, await replay.assertion({}, foreign), 'assertion_signature_invalid')).toMatch(
      /does not verify with the keys/,
    );
  });

  it.each([
    [
      'assertion_iss_mismatch',
      { iss: 'https://evil.example/client.json' },
      /iss is "https:\/\/evil\.example\/client\.json", not the client_id/,
    ],
    ['assertion_aud_mismatch', { aud: 'https://elsewhere.example/token' }, /must be the token endpoint or the issuer/],
    ['assertion_expired', { expiresIn: -600 }, /expired \d+ s ago/],
    ['assertion_lifetime_too_long', { expiresIn: 24 * 3600 }, /at most 3600 s/],
  ] as const)('%s names the failed check', async (code, claims, message) => {
    const replay = await chatGptLikeClient();
    await replay.signIn(fixture.user);
    expect(await refusal(replay, await replay.assertion(claims), code)).toMatch(message);
  });

  it('a client that declares only private_key_jwt must send an assertion', async () => {
    const path = `/oauth/${randomUUID()}`;
    fixture.documents.documents.set(`${path}/jwks.json`, { body: { keys: [key.publicJwk] } });
    const clientId = fixture.documents.serve(`${path}/client.json`, ['https://chatgpt.com/connector_platform_oauth_redirect'], {
      metadata: { token_endpoint_auth_method: 'private_key_jwt', jwks_uri: `${fixture.documents.origin}${path}/jwks.json` },
    });
    const replay = new HostReplay(hostProfile('chatgpt'), fixture.mcpUrl);
    await replay.discover();
    replay.identifyByDocument(clientId);
    const signedIn = await replay.signIn(fixture.user);
    const answer = await replay.token({ grant_type: 'authorization_code', code: signedIn.code, code_verifier: signedIn.verifier });
    expect(answer.status).toBe(401);
    expect(answer.json.error).toBe('invalid_client');
    const entry = await fixture.plugin.api.waitForEntry((candidate) => candidate.notes.some((note) => note.code === 'assertion_missing'));
    expect(noteOf(entry, 'assertion_missing').message).toMatch(/authenticates with private_key_jwt/);
  });

  it('a DCR client that registers jwks authenticates with assertions; a secret beside an assertion is refused', async () => {
    const replay = new HostReplay(hostProfile('inspector'), fixture.mcpUrl);
    await replay.discover();
    const registered = await replay.register({
      ...replay.host.connect.dcrBody,
      token_endpoint_auth_method: 'private_key_jwt',
      jwks: { keys: [key.publicJwk] },
    });
    expect(registered.status).toBe(201);
    expect(registered.json.client_secret).toBeUndefined();
    replay.key = key;
    const tokens = await replay.exchange(await replay.signIn(fixture.user));
    expect((await replay.initialize(tokens.access_token)).status).toBe(200);
    const both = await replay.token({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token, client_secret: 'x'.repeat(20) });
    expect(both.status).toBe(401);
    expect(both.json.error).toBe('invalid_client');
  });
});

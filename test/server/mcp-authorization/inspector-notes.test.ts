import { describe, expect, it } from 'vitest';
import type { TrafficEntry } from '../../../server/traffic/traffic-entry';
import { chatGptConnectorRedirect, pkcePair } from '../../chatgpt-simulator/mcp-oauth-client';
import { httpRequest } from '../support/http-request';
import { useMcpFixture } from './mcp-fixture';

/** What the traffic log says about each MCP authorization failure Handshake can see (reference/mcp-oauth.md b.2). */
describe('diagnoses of MCP authorization failures', () => {
  const mcp = useMcpFixture();

  /** The notes of the newest entry of `kind`. */
  async function latestNotes(kind: string): Promise<{ code: string; message: string }[]> {
    const [summary] = await mcp.plugin.api.call<{ id: string }[]>('GET', `/api/traffic?kind=${kind}&limit=1`);
    return (await mcp.plugin.api.call<TrafficEntry>('GET', `/api/traffic/${summary.id}`)).notes;
  }

  it('names a missing or plain challenge, a verifier that does not match, a redirect not allowed, a foreign resource and a refused document', async () => {
    const chatgpt = await mcp.chatGpt(chatGptConnectorRedirect);
    await chatgpt.register();
    const base = { response_type: 'code', client_id: chatgpt.client!.client_id, redirect_uri: chatGptConnectorRedirect };

    await httpRequest(chatgpt.authorizeUrl(base));
    expect((await latestNotes('authorize'))[0]).toMatchObject({ code: 'pkce_challenge_missing' });
    await httpRequest(chatgpt.authorizeUrl({ ...base, code_challenge: pkcePair().challenge, code_challenge_method: 'plain' }));
    expect((await latestNotes('authorize'))[0]).toMatchObject({ code: 'pkce_method_unsupported' });
    await httpRequest(
      chatgpt.authorizeUrl({
        ...base,
        code_challenge: pkcePair().challenge,
        code_challenge_method: 'S256',
        resource: 'https://other.example/mcp',
      }),
    );
    expect((await latestNotes('authorize'))[0]).toMatchObject({ code: 'resource_unknown' });
    await httpRequest(chatgpt.authorizeUrl({ ...base, redirect_uri: 'https://chatgpt.com/connector/oauth/newid123' }));
    const redirect = (await latestNotes('authorize'))[0];
    expect(redirect.code).toBe('redirect_uri_not_allowed');
    expect(redirect.message).toMatch(/new callback id when a connection is recreated/);

    const authorized = await chatgpt.authorize(mcp.user);
    await chatgpt.exchange(authorized, { code_verifier: pkcePair().verifier });
    expect((await latestNotes('token'))[0]).toMatchObject({ code: 'pkce_verifier_mismatch' });

    const document = await mcp.chatGpt(chatGptConnectorRedirect);
    document.useMetadataDocument(`${mcp.documents.origin}/nowhere.json`);
    await document.openAuthorization();
    const refused = (await latestNotes('authorize'))[0];
    expect(refused.code).toBe('cimd_failed');
    expect(refused.message).toMatch(/HTTP 404/);
  });

  it('says how a wrong client secret differs without revealing either, even when the last four characters agree', async () => {
    const secret = 'cs_integration_SECRET_0123456789abcdef';
    const wrong = `${secret.slice(0, 10)}X${secret.slice(11)}`;
    await mcp.plugin.chatGpt({ clientSecret: wrong }).tokenRequest({ grant_type: 'refresh_token', refresh_token: 'x' });
    const mismatch = (await latestNotes('token')).find((note) => note.code === 'client_secret_mismatch')!;
    expect(mismatch.message).toContain('same length, but it differs from character 11 on');
    // Both fingerprints are "•••• cdef": the message shows it once, not as a contradiction.
    expect(mismatch.message.match(/•••• cdef/g)).toHaveLength(1);
    expect(mismatch.message).not.toContain(wrong);

    await mcp.plugin.chatGpt({ clientSecret: ` ${secret}` }).tokenRequest({ grant_type: 'refresh_token', refresh_token: 'x' });
    expect((await latestNotes('token')).find((note) => note.code === 'client_secret_mismatch')!.message).toMatch(/extra whitespace/);
    await mcp.plugin.chatGpt({ clientSecret: `${secret}00` }).tokenRequest({ grant_type: 'refresh_token', refresh_token: 'x' });
    expect((await latestNotes('token')).find((note) => note.code === 'client_secret_mismatch')!.message).toMatch(
      /is 40 characters long; the configured secret is 38/,
    );
  });
});

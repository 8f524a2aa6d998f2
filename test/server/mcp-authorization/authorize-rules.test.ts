import { describe, expect, it } from 'vitest';
import { chatGptConnectorRedirect, pkcePair } from '../../chatgpt-simulator/mcp-oauth-client';
import { httpRequest } from '../support/http-request';
import { useMcpFixture } from './mcp-fixture';

/** The authorization endpoint's OAuth 2.1 / MCP rules, each with its refusal. */
describe('authorization endpoint rules', () => {
  const mcp = useMcpFixture();

  async function registered(redirectUri = chatGptConnectorRedirect) {
    const chatgpt = await mcp.chatGpt(redirectUri);
    await chatgpt.register();
    return chatgpt;
  }

  /** The error redirect of an authorize request, with its parameters. */
  async function refusedBack(url: string): Promise<URLSearchParams> {
    const answer = await httpRequest(url);
    expect(answer.status).toBe(302);
    return new URL(String(answer.headers.location)).searchParams;
  }

  it('PKCE is required for every client but the classic one; plain and a missing method are refused, with state and iss', async () => {
    const chatgpt = await registered();
    const base = { response_type: 'code', client_id: chatgpt.client!.client_id, redirect_uri: chatGptConnectorRedirect, state: 'st-1' };
    const missing = await refusedBack(chatgpt.authorizeUrl(base));
    expect(Object.fromEntries(missing)).toMatchObject({ error: 'invalid_request', state: 'st-1', iss: mcp.plugin.publicUrl });
    expect(missing.get('error_description')).toMatch(/code_challenge is required/);
    const { challenge } = pkcePair();
    const plain = await refusedBack(chatgpt.authorizeUrl({ ...base, code_challenge: challenge, code_challenge_method: 'plain' }));
    expect(plain.get('error_description')).toMatch(/"plain" is not supported/);
    const noMethod = await refusedBack(chatgpt.authorizeUrl({ ...base, code_challenge: challenge }));
    expect(noMethod.get('error_description')).toMatch(/defaults to plain/);
    expect(noMethod.get('iss')).toBe(mcp.plugin.publicUrl);
  });

  it('a code issued with a challenge needs its verifier; a wrong verifier or none is invalid_grant, and the code still works after', async () => {
    const chatgpt = await registered();
    const authorized = await chatgpt.authorize(mcp.user);
    const none = await chatgpt.exchange(authorized, { code_verifier: undefined });
    expect(none.status).toBe(400);
    expect(none.json).toMatchObject({ error: 'invalid_grant' });
    expect(none.json.error_description).toMatch(/code_verifier is required/);
    const wrong = await chatgpt.exchange(authorized, { code_verifier: pkcePair().verifier });
    expect(wrong.json).toMatchObject({ error: 'invalid_grant', error_description: 'code_verifier does not match the code_challenge' });
    const malformed = await chatgpt.exchange(authorized, { code_verifier: 'too-short' });
    expect(malformed.json).toMatchObject({
      error: 'invalid_grant',
      error_description: 'code_verifier must be 43 to 128 characters of A-Z a-z 0-9 - . _ ~',
    });
    expect((await chatgpt.exchange(authorized)).status).toBe(200);
  });

  it('the classic client may skip PKCE, but a challenge it sends is enforced, and a verifier without a challenge is refused', async () => {
    const gpt = mcp.plugin.gpt;
    const { verifier, challenge } = pkcePair();
    const withChallenge = await gpt.obtainCode(mcp.user, { code_challenge: challenge, code_challenge_method: 'S256' });
    expect((await gpt.exchangeCode(withChallenge.code)).json).toMatchObject({ error: 'invalid_grant' });
    expect((await gpt.exchangeCode(withChallenge.code, { code_verifier: verifier })).status).toBe(200);
    const withoutChallenge = await gpt.obtainCode(mcp.user);
    const answer = await gpt.exchangeCode(withoutChallenge.code, { code_verifier: verifier });
    expect(answer.json).toMatchObject({ error: 'invalid_grant' });
    expect(answer.json.error_description).toMatch(/no code_challenge/);
  });

  it('a loopback redirect URI matches on any port, but the host literal and path must match', async () => {
    const chatgpt = await registered('http://127.0.0.1:8080/callback');
    const other = await chatgpt.openAuthorization({ redirect_uri: 'http://127.0.0.1:53124/callback' });
    expect(other.response.status).toBe(200);
    const localhost = await chatgpt.openAuthorization({ redirect_uri: 'http://localhost:53124/callback' });
    expect(localhost.response.status).toBe(400);
    expect(localhost.response.text).toMatch(/not on the allowlist/);
    expect((await chatgpt.openAuthorization({ redirect_uri: 'http://127.0.0.1:53124/other' })).response.status).toBe(400);
    // The classic client's Settings allowlist follows the same rule.
    await mcp.plugin.api.call('PATCH', '/api/settings', { redirectUris: ['http://127.0.0.1:9000/cb'] });
    try {
      const classic = await mcp.plugin.gpt.authorize({ redirect_uri: 'http://127.0.0.1:41000/cb' });
      expect(classic.response.status).toBe(200);
    } finally {
      await mcp.plugin.api.call('PATCH', '/api/settings', { redirectUris: [] });
    }
  });

  it('a redirect URI not registered is an HTML page, never a redirect; a new ChatGPT connector id is explained', async () => {
    const chatgpt = await registered('https://chatgpt.com/connector/oauth/abc123');
    const refused = await chatgpt.openAuthorization({ redirect_uri: 'https://chatgpt.com/connector/oauth/xyz789' });
    expect(refused.response.status).toBe(400);
    expect(refused.response.headers['content-type']).toMatch(/text\/html/);
    expect(refused.response.headers.location).toBeUndefined();
    expect(refused.response.text).toMatch(/new callback id when a connection is recreated/);
  });

  it('resource: the MCP server and the API origin are accepted (repeatable); any other is invalid_target, with iss', async () => {
    const chatgpt = await registered();
    const other = await chatgpt.openAuthorization({ resource: 'https://elsewhere.example/mcp', state: 's' });
    expect(other.response.status).toBe(302);
    const back = new URL(String(other.response.headers.location)).searchParams;
    expect(Object.fromEntries(back)).toMatchObject({ error: 'invalid_target', iss: mcp.plugin.publicUrl });
    // Upper-case host and a trailing slash are the same resource.
    const canonical = await chatgpt.openAuthorization({ resource: `${mcp.plugin.publicUrl.toUpperCase().replace('HTTP', 'http')}/mcp/` });
    expect(canonical.response.status).toBe(200);
    const authorized = await chatgpt.authorize(mcp.user);
    const wrongAtToken = await chatgpt.exchange(authorized, { resource: mcp.plugin.publicUrl });
    expect(wrongAtToken.json).toMatchObject({ error: 'invalid_target' });
  });

  it('Deny sends access_denied back with state and iss', async () => {
    const chatgpt = await registered();
    const opened = await chatgpt.openAuthorization({ state: 'deny-state' });
    const callback = await chatgpt.submit(opened.form!, mcp.user, 'deny');
    expect(Object.fromEntries(callback.searchParams)).toMatchObject({
      error: 'access_denied',
      state: 'deny-state',
      iss: mcp.plugin.publicUrl,
    });
  });

  it('consent: a registered client is named with where it sends you back, the scope and the resource; the developer’s own clients skip it unless asked', async () => {
    const chatgpt = await registered('http://127.0.0.1:8080/callback');
    const page = (await chatgpt.openAuthorization()).response.text;
    expect(page).toMatch(/ChatGPT wants access to your account/);
    expect(page).toMatch(/Sends you back to<\/dt><dd>127\.0\.0\.1:8080/);
    expect(page).toContain(`${mcp.plugin.publicUrl}/mcp`);
    expect(page).toMatch(/an address on this computer/);
    expect(page).toMatch(/Sign in and allow/);

    const documentClient = await mcp.chatGpt(chatGptConnectorRedirect);
    documentClient.useMetadataDocument(
      mcp.documents.serve('/consent/client.json', [chatGptConnectorRedirect], { metadata: { client_name: 'Doc Client' } }),
    );
    const documentPage = (await documentClient.openAuthorization()).response.text;
    expect(documentPage).toMatch(/Identified by<\/dt><dd>localhost:\d+/);

    const own = await mcp.plugin.api.call<{ id: string }>('POST', '/api/clients', {
      name: 'Mine',
      redirectUris: [chatGptConnectorRedirect],
      tokenEndpointAuthMethod: 'none',
    });
    const mine = await mcp.chatGpt(chatGptConnectorRedirect);
    mine.client = { client_id: own.id, token_endpoint_auth_method: 'none' };
    expect((await mine.openAuthorization()).response.text).not.toMatch(/wants access to your account/);
    await mcp.plugin.api.call('PATCH', '/api/settings', { consentForOwnClients: true });
    try {
      expect((await mine.openAuthorization()).response.text).toMatch(/Mine wants access to your account/);
    } finally {
      await mcp.plugin.api.call('PATCH', '/api/settings', { consentForOwnClients: false });
    }
  });
});

import { auth, type OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';
import type { OAuthClientInformationMixed, OAuthClientMetadata, OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';
import { describe, expect, it } from 'vitest';
import { readLoginForm } from '../../chatgpt-simulator/chatgpt-client';
import { httpRequest } from '../support/http-request';
import { useMcpFixture } from './mcp-fixture';

/** What an MCP host built on the official SDK keeps: its registration, tokens, verifier, and where it was sent to sign in. */
class RecordingProvider implements OAuthClientProvider {
  information: OAuthClientInformationMixed | undefined;
  saved: OAuthTokens | undefined;
  verifier = '';
  authorizationUrl: URL | null = null;

  constructor(
    readonly redirectUrl: string,
    readonly clientMetadataUrl?: string,
    private readonly authMethod = 'none',
  ) {}

  get clientMetadata(): OAuthClientMetadata {
    return { client_name: 'MCP SDK test host', redirect_uris: [this.redirectUrl], grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'], token_endpoint_auth_method: this.authMethod };
  }
  clientInformation() {
    return this.information;
  }
  saveClientInformation(information: OAuthClientInformationMixed) {
    this.information = information;
  }
  tokens() {
    return this.saved;
  }
  saveTokens(tokens: OAuthTokens) {
    this.saved = tokens;
  }
  redirectToAuthorization(url: URL) {
    this.authorizationUrl = url;
  }
  saveCodeVerifier(verifier: string) {
    this.verifier = verifier;
  }
  codeVerifier() {
    return this.verifier;
  }
}

/** The user's browser: opens the authorization URL, signs in, and lands on the host's loopback callback. */
async function signIn(url: URL, user: { email: string; password: string }): Promise<URL> {
  const page = await httpRequest(url.href);
  expect(page.status).toBe(200);
  const form = readLoginForm(page);
  const posted = await httpRequest(new URL('/oauth/authorize', url).href, {
    method: 'POST',
    body: new URLSearchParams({ ...form.fields, email: user.email, password: user.password, decision: 'allow' }).toString(),
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: form.cookie },
  });
  expect(posted.status).toBe(302);
  return new URL(String(posted.headers.location));
}

describe('the official MCP SDK client (auth()) against Handshake', () => {
  const mcp = useMcpFixture();

  async function connect(provider: RecordingProvider) {
    expect(await auth(provider, { serverUrl: mcp.mcpUrl })).toBe('REDIRECT');
    const url = provider.authorizationUrl!;
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('resource')).toBe(mcp.mcpUrl);
    const callback = await signIn(url, mcp.user);
    expect(callback.searchParams.get('iss')).toBe(mcp.plugin.publicUrl);
    expect(callback.searchParams.get('state')).toBe(url.searchParams.get('state'));
    expect(await auth(provider, { serverUrl: mcp.mcpUrl, authorizationCode: callback.searchParams.get('code')! })).toBe('AUTHORIZED');
    const first = provider.saved!;
    expect(first.access_token).toMatch(/^hsa_/);
    expect(first.refresh_token).toMatch(/^hsr_/);
    // With tokens held, auth() refreshes.
    expect(await auth(provider, { serverUrl: mcp.mcpUrl })).toBe('AUTHORIZED');
    expect(provider.saved!.access_token).not.toBe(first.access_token);
    expect(provider.saved!.refresh_token).not.toBe(first.refresh_token);
  }

  it('DCR (public client, loopback redirect on a port of its own): discovery → register → PKCE + resource → iss → token → refresh', async () => {
    const provider = new RecordingProvider('http://127.0.0.1:43117/callback');
    await connect(provider);
    expect(provider.information?.client_id).toMatch(/^dcr_/);
  });

  it('DCR as a confidential client: the SDK authenticates with client_secret_basic', async () => {
    const provider = new RecordingProvider('http://localhost:43118/oauth/callback', undefined, 'client_secret_basic');
    await connect(provider);
    expect(provider.information).toMatchObject({ client_secret_expires_at: 0 });
  });

  it('CIMD: a client_id that is the URL of its metadata document, fetched and validated by Handshake', async () => {
    const redirect = 'http://127.0.0.1:43119/callback';
    const documentUrl = mcp.documents.serve('/sdk/client.json', [redirect]);
    const provider = new RecordingProvider(redirect, documentUrl);
    await connect(provider);
    expect(provider.information?.client_id).toBe(documentUrl);
    expect(mcp.documents.fetches.get('/sdk/client.json')).toBeGreaterThanOrEqual(1);
  });
});

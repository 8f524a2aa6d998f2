import { auth } from '@modelcontextprotocol/sdk/client/auth.js';
import { describe, expect, it } from 'vitest';
import { RecordingProvider, signIn } from '../support/sdk-oauth-provider';
import { useMcpFixture } from './mcp-fixture';

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
    expect(first.access_token).toMatch(/^eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+$/);
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

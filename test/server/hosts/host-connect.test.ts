import { describe, expect, it } from 'vitest';
import { hostProfile, hostProfiles } from '../../../server/hosts/host-profiles';
import type { TrafficSummary } from '../../../server/traffic/traffic-entry';
import { HostReplay } from '../../mcp-hosts/host-replay';
import { httpRequest } from '../support/http-request';
import { knownClient, noteOf } from '../support/plugin-fixture';
import { useHostsFixture } from './hosts-fixture';

const withDocument = hostProfiles.filter((host) => host.connect.cimdClientId !== null);

describe('each MCP host’s connect, replayed from mcp-hosts.md, completes registration, sign-in, code, refresh and an MCP session', () => {
  const fixture = useHostsFixture();

  it.each(hostProfiles.map((host) => [host.name, host] as const))('%s by dynamic registration with its own body', async (_name, host) => {
    const replay = new HostReplay(host, fixture.mcpUrl);
    await replay.discover();
    const { tokens, refreshed } = await replay.connect(fixture.user, 'dcr');
    expect(refreshed.access_token).not.toBe(tokens.access_token);

    // mcpHost: every entry of this connect's flow names the host, and the list filters by it.
    const token = await fixture.plugin.api.waitForEntry((entry) => entry.kind === 'token' && entry.clientId === replay.clientId);
    expect(token.mcpHost).toBe(host.id);
    // The manifest's authorization_content_type speaks for classic plugins, not for MCP hosts.
    expect(token.notes.map((note) => note.code)).not.toContain('content_type_mismatch');
    await fixture.plugin.api.waitForEntry((entry) => entry.flowId === token.flowId && entry.kind === 'mcp' && entry.status === 200);
    const flow = await fixture.plugin.api.get<TrafficSummary[]>(`/api/traffic?flowId=${token.flowId}`);
    expect(new Set(flow.map((entry) => entry.kind))).toEqual(new Set(['discovery', 'registration', 'authorize', 'login', 'token', 'mcp']));
    expect(flow.filter((entry) => entry.mcpHost !== host.id)).toEqual([]);
    const filtered = await fixture.plugin.api.get<TrafficSummary[]>(`/api/traffic?mcpHost=${host.id}&flowId=${token.flowId}`);
    expect(filtered.map((entry) => entry.id).sort()).toEqual(flow.map((entry) => entry.id).sort());
  });

  it.each(withDocument.map((host) => [host.name, host] as const))(
    '%s by its metadata document, offline: Handshake’s pinned copy stands in, and Traffic says so',
    async (_name, host) => {
      const replay = new HostReplay(host, fixture.mcpUrl);
      await replay.discover();
      // ChatGPT's document also allows none: offline its jwks_uri is out of reach, so it authenticates as public here.
      await replay.connect(fixture.user, 'cimd');
      const authorize = await fixture.plugin.api.waitForEntry(
        (entry) => entry.kind === 'authorize' && entry.clientId === host.connect.cimdClientId,
      );
      expect(noteOf(authorize, 'cimd_pinned_copy').message).toMatch(
        new RegExp(
          `^${new URL(host.connect.cimdClientId!).host.replaceAll('.', '\\.')}'s client metadata document could not be fetched; used Handshake's copy from \\d{4}-\\d{2}-\\d{2}`,
        ),
      );
    },
  );

  it('offline_access is advertised on the authorization server, accepted at authorize, and yields a refresh token', async () => {
    const replay = new HostReplay(hostProfile('claude'), fixture.mcpUrl);
    await replay.discover();
    expect(replay.server.scopes_supported).toContain('offline_access');
    expect(replay.resource.scopes_supported ?? []).not.toContain('offline_access');
    await replay.register();
    const tokens = await replay.exchange(await replay.signIn(fixture.user));
    expect(replay.scope).toContain('offline_access');
    expect(tokens.scope?.split(' ')).toContain('offline_access');
    expect(typeof tokens.refresh_token).toBe('string');
  });

  it('a refresh without resource (Codex 0.148) keeps the grant’s audience: the refreshed token still opens /mcp', async () => {
    const codex = hostProfile('codex');
    expect(codex.connect.resourceOnRefresh).toBe(false);
    const replay = new HostReplay(codex, fixture.mcpUrl);
    await replay.discover();
    const { refreshed } = await replay.connect(fixture.user, 'dcr');
    const introspected = await httpRequest(`${fixture.plugin.publicUrl}/oauth/introspect`, {
      method: 'POST',
      body: new URLSearchParams({ token: refreshed.access_token, client_id: knownClient.id, client_secret: knownClient.secret }).toString(),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    expect(introspected.json).toMatchObject({ active: true });
    expect([introspected.json.aud].flat()).toEqual([fixture.mcpUrl]);
  });

  it('Cursor’s registration with cursor://, its Agents callback and loopback is accepted; the legacy scheme gets the code', async () => {
    const replay = new HostReplay(hostProfile('cursor'), fixture.mcpUrl);
    await replay.discover();
    const registered = await replay.register();
    expect(registered.status).toBe(201);
    expect(registered.json.redirect_uris).toContain('cursor://anysphere.cursor-mcp/oauth/callback');
    replay.redirectUri = 'cursor://anysphere.cursor-mcp/oauth/callback';
    const signedIn = await replay.signIn(fixture.user);
    expect(signedIn.location).toMatch(/^cursor:\/\/anysphere\.cursor-mcp\/oauth\/callback\?code=/);
    expect(signedIn.iss).toBe(fixture.plugin.publicUrl);
    const tokens = await replay.exchange(signedIn);
    expect(typeof tokens.access_token).toBe('string');
  });

  it('loopback redirects match on any port, for localhost and 127.0.0.1, including URIs registered without a port', async () => {
    for (const [registered, used] of [
      ['http://localhost/callback', 'http://localhost:61234/callback'],
      ['http://127.0.0.1/callback', 'http://127.0.0.1:5005/callback'],
      ['http://127.0.0.1:33418/', 'http://127.0.0.1:40001/'],
      ['http://localhost:3118/callback', 'http://localhost:3119/callback'],
    ]) {
      const replay = new HostReplay(hostProfile('claude-code'), fixture.mcpUrl);
      await replay.discover();
      await replay.register({ ...replay.host.connect.dcrBody, redirect_uris: [registered] });
      replay.redirectUri = used;
      await expect(replay.signIn(fixture.user)).resolves.toMatchObject({ location: expect.stringMatching(new RegExp(`^${used}\\?code=`)) });
    }
  });

  it('a loopback redirect on another host literal is refused (localhost is not 127.0.0.1), with a page and no redirect', async () => {
    const replay = new HostReplay(hostProfile('claude-code'), fixture.mcpUrl);
    await replay.discover();
    await replay.register({ ...replay.host.connect.dcrBody, redirect_uris: ['http://localhost/callback'] });
    replay.redirectUri = 'http://127.0.0.1:3118/callback';
    await expect(replay.signIn(fixture.user)).rejects.toThrow(/authorize answered 400/);
  });

  it.each(hostProfiles.filter((host) => host.usesFallbackPaths).map((host) => [host.name, host] as const))(
    '%s without metadata uses the 2025-03-26 fallback: /register, /authorize and /token at the origin behave as /oauth/…',
    async (_name, host) => {
      const replay = new HostReplay(host, fixture.mcpUrl);
      replay.takeFallbackEndpoints();
      const { refreshed } = await replay.connect(fixture.user, 'dcr');
      expect(typeof refreshed.access_token).toBe('string');
      expect(replay.sent.map((request) => new URL(request.url).pathname)).toEqual(
        expect.arrayContaining(['/register', '/authorize', '/token']),
      );
      expect(replay.sent.some((request) => new URL(request.url).pathname.startsWith('/oauth/'))).toBe(false);
    },
  );

  it('diagnoses name host quirks: Claude Code’s trailing slash, Codex’s refresh without resource, the Inspector page’s CORS preflight, a fallback path', async () => {
    const claudeCode = new HostReplay(hostProfile('claude-code'), fixture.mcpUrl);
    await claudeCode.discover();
    await claudeCode.connect(fixture.user, 'dcr');
    const authorize = await fixture.plugin.api.waitForEntry(
      (entry) => entry.kind === 'authorize' && entry.clientId === claudeCode.clientId,
    );
    expect(noteOf(authorize, 'resource_trailing_slash').message).toMatch(/^Claude Code sent resource ".*\/mcp\/" with a trailing slash/);

    const codex = new HostReplay(hostProfile('codex'), fixture.mcpUrl);
    await codex.discover();
    await codex.connect(fixture.user, 'dcr');
    const refresh = await fixture.plugin.api.waitForEntry(
      (entry) =>
        entry.kind === 'token' && entry.clientId === codex.clientId && entry.notes.some((note) => note.code === 'refresh_without_resource'),
    );
    expect(noteOf(refresh, 'refresh_without_resource').message).toMatch(/^Codex sent no resource on refresh/);

    const inspector = new HostReplay(hostProfile('inspector'), fixture.mcpUrl);
    const preflight = await inspector.request(`${fixture.plugin.publicUrl}/oauth/token`, {
      method: 'OPTIONS',
      headers: { 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' },
    });
    expect(preflight.headers['access-control-allow-origin']).toBe('*');
    const options = await fixture.plugin.api.waitForEntry((entry) => entry.method === 'OPTIONS' && entry.path === '/oauth/token');
    expect(options.mcpHost).toBe('inspector');
    expect(noteOf(options, 'cors_preflight').message).toMatch(/^MCP Inspector runs in a browser page at http:\/\/localhost:6274/);

    const vscode = new HostReplay(hostProfile('vscode'), fixture.mcpUrl);
    vscode.takeFallbackEndpoints();
    await vscode.connect(fixture.user, 'dcr');
    const fallback = await fixture.plugin.api.waitForEntry((entry) => entry.path === '/register' && entry.clientId === vscode.clientId);
    expect(fallback.kind).toBe('registration');
    expect(noteOf(fallback, 'fallback_endpoint').message).toMatch(/^VS Code called \/register at the origin/);
  });
});

import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedPort } from '../support/closed-port';
import { httpRequest } from '../support/http-request';
import { usePluginFixture } from '../support/plugin-fixture';
import { connectWithSignIn } from './mcp-connect';
import { UpstreamMcpServer } from './upstream-mcp-server';

describe('/mcp forwarded to the developer’s MCP server (settings.mcpUpstream)', () => {
  const running = usePluginFixture();
  const upstream = new UpstreamMcpServer();
  let token = '';
  beforeAll(async () => {
    await upstream.start();
    await running.api.call('PATCH', '/api/settings', { mcpUpstream: upstream.url });
  });
  afterAll(() => upstream.close());

  /** A token for /mcp, as any client gets one: authorized and exchanged with resource=<base>/mcp. */
  async function mcpToken(): Promise<string> {
    const resource = `${running.publicUrl}/mcp`;
    const { code } = await running.gpt.obtainCode(running.user, { resource });
    return (await running.gpt.exchangeCode(code, { resource })).json.access_token;
  }

  const mcpPost = (body: unknown, headers: Record<string, string> = {}) =>
    httpRequest(`${running.publicUrl}/mcp`, {
      method: 'POST',
      body,
      headers: {
        authorization: `Bearer ${token}`,
        accept: 'application/json, text/event-stream',
        'content-type': 'application/json',
        ...headers,
      },
    });

  it('the MCP SDK client connects through Handshake; the upstream gets the identity headers, sessions and the client’s own token (its audience)', async () => {
    const { client, transport } = await connectWithSignIn(`${running.publicUrl}/mcp`, running.user);
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(['upstream_whoami']);
    const answer = await client.callTool({ name: 'upstream_whoami', arguments: { greeting: 'hi' } });
    expect(answer.structuredContent).toEqual({ email: running.user.email, sawAuthorization: true });
    const forwarded = upstream.seen.filter((headers) => headers['x-handshake-user-id']);
    expect(forwarded.length).toBeGreaterThanOrEqual(3);
    for (const headers of forwarded) {
      expect(headers.authorization).toMatch(/^Bearer eyJ/);
      expect(headers['x-handshake-user-email']).toBe(running.user.email);
    }
    expect(forwarded.at(-1)!['mcp-session-id']).toBe(transport.sessionId);
    expect(forwarded.at(-1)!['mcp-protocol-version']).toBeDefined();
    // Session end passes through.
    const session = transport.sessionId!;
    await transport.terminateSession();
    expect(upstream.ended).toContain(session);
    await client.close();
  });

  it('a resumed event stream (GET with Last-Event-ID) reaches the upstream with its headers', async () => {
    const resumedToken = await mcpToken();
    const resumed = await httpRequest(`${running.publicUrl}/mcp`, {
      headers: {
        authorization: `Bearer ${resumedToken}`,
        accept: 'text/event-stream',
        'mcp-session-id': 'gone-session',
        'last-event-id': 'evt-41',
      },
    });
    // The upstream no longer knows the session: its 404 passes through (inside a session it is meaningful).
    expect(resumed.status).toBe(404);
    expect(upstream.seen.at(-1)).toMatchObject({
      'mcp-session-id': 'gone-session',
      'last-event-id': 'evt-41',
      'x-handshake-user-email': running.user.email,
    });
    expect(upstream.seen.at(-1)!.authorization).toBe(`Bearer ${resumedToken}`);
  });

  it('a refresh after the access token expires keeps the session working', async () => {
    // The SDK refreshes once per request that got the 401 (the tool call and its event stream): when the first refresh
    // has not answered before the second reads its tokens (a signed JWT takes a moment), the second presents the
    // rotated-out token. A few seconds of reuse leeway, as Auth0 and Okta give, is what such a client needs.
    await running.api.call('PATCH', '/api/settings', { refreshTokenReuseInterval: 5 });
    try {
      const connected = await connectWithSignIn(`${running.publicUrl}/mcp`, running.user);
      const before = connected.provider.saved!.access_token;
      await running.api.call('POST', '/api/faults', { kind: 'expire-access-tokens' });
      const answer = await connected.client.callTool({ name: 'upstream_whoami', arguments: {} });
      expect(answer.structuredContent).toMatchObject({ email: running.user.email });
      expect(connected.provider.saved!.access_token).not.toBe(before);
      await connected.client.close();
    } finally {
      await running.api.call('PATCH', '/api/settings', { refreshTokenReuseInterval: 0 });
    }
  });

  it('an upstream that is down: 502 with a JSON-RPC error naming it and what to do', async () => {
    token = await mcpToken();
    const port = await closedPort();
    await running.api.call('PATCH', '/api/settings', { mcpUpstream: `http://127.0.0.1:${port}/mcp` });
    try {
      const answer = await mcpPost({ jsonrpc: '2.0', id: 1, method: 'initialize', params: {} });
      expect(answer.status).toBe(502);
      expect(answer.json).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: -32000 } });
      expect(answer.json.error.message).toBe(
        `Nothing is listening at http://127.0.0.1:${port}/mcp (connection refused). Start your MCP server, or fix the upstream address in Handshake's settings.`,
      );
    } finally {
      await running.api.call('PATCH', '/api/settings', { mcpUpstream: upstream.url });
    }
  });

  describe('answers the upstream gives', () => {
    let raw: Server;
    let rawUrl = '';
    let release: (() => void) | null = null;
    beforeAll(async () => {
      raw = createServer((req, res) => {
        const mode = req.headers['x-test-mode'];
        if (mode === 'html') return void res.writeHead(200, { 'content-type': 'text/html' }).end('<html>my web app</html>');
        if (mode === 'missing') return void res.writeHead(404, { 'content-type': 'application/json' }).end('{}');
        if (mode === 'step-up') {
          return void res
            .writeHead(403, {
              'content-type': 'application/json',
              'www-authenticate':
                'Bearer error="insufficient_scope", scope="todos.write", resource_metadata="https://x/.well-known/oauth-protected-resource/mcp"',
            })
            .end('{"error":"insufficient_scope"}');
        }
        streamTwoEvents(res);
      });
      await new Promise<void>((resolve) => raw.listen(0, '127.0.0.1', resolve));
      rawUrl = `http://127.0.0.1:${(raw.address() as AddressInfo).port}/mcp`;
      token = await mcpToken();
      await running.api.call('PATCH', '/api/settings', { mcpUpstream: rawUrl });
    });
    afterAll(async () => {
      await running.api.call('PATCH', '/api/settings', { mcpUpstream: upstream.url });
      raw.closeAllConnections();
      await new Promise((resolve) => raw.close(resolve));
    });

    function streamTwoEvents(res: ServerResponse) {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      res.write('event: message\ndata: {"jsonrpc":"2.0","method":"notifications/progress","params":{"progress":1}}\n\n');
      release = () => res.end('event: message\ndata: {"jsonrpc":"2.0","id":1,"result":{"content":[]}}\n\n');
    }

    it('an SSE answer streams: the first event arrives before the upstream has finished', async () => {
      const response = await fetch(`${running.publicUrl}/mcp`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, accept: 'application/json, text/event-stream', 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'slow', arguments: {} } }),
      });
      expect(response.headers.get('content-type')).toBe('text/event-stream');
      const reader = response.body!.getReader();
      const first = new TextDecoder().decode((await reader.read()).value);
      expect(first).toContain('notifications/progress');
      expect(release).not.toBeNull();
      release!();
      let rest = '';
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) rest += new TextDecoder().decode(chunk.value);
      expect(rest).toContain('"result"');
    });

    it('an HTML page is refused with what to do; a 404 outside a session says the path is wrong', async () => {
      const html = await mcpPost({ jsonrpc: '2.0', id: 1, method: 'initialize', params: {} }, { 'x-test-mode': 'html' });
      expect(html.status).toBe(502);
      expect(html.json.error.message).toMatch(new RegExp(`${rawUrl}, which answered an HTML page`));
      const missing = await mcpPost({ jsonrpc: '2.0', id: 1, method: 'initialize', params: {} }, { 'x-test-mode': 'missing' });
      expect(missing.status).toBe(502);
      expect(missing.json.error.message).toMatch(/Nothing answers MCP/);
      const inSession = await mcpPost(
        { jsonrpc: '2.0', id: 1, method: 'tools/list' },
        { 'x-test-mode': 'missing', 'mcp-session-id': 'gone' },
      );
      expect(inSession.status).toBe(404);
    });

    it('a 403 step-up challenge passes through untouched', async () => {
      const answer = await mcpPost(
        { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'write' } },
        { 'x-test-mode': 'step-up' },
      );
      expect(answer.status).toBe(403);
      expect(answer.headers['www-authenticate']).toBe(
        'Bearer error="insufficient_scope", scope="todos.write", resource_metadata="https://x/.well-known/oauth-protected-resource/mcp"',
      );
    });
  });
});

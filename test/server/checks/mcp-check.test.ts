import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { ControlEvent } from '../../../server/control/control-api';
import type { TrafficSummary } from '../../../server/traffic/traffic-entry';
import { closedPort } from '../support/closed-port';
import { startTestCore, type TestCore } from '../support/test-core';
import { waitUntil } from '../support/wait-until';
import { expectFailedAt, expectPassed, type ProxiedCore, runCheck, startProxiedCore, stepOf } from './check-fixture';
import { type ProxiedRequest, type ProxiedResponse, rewriteJson } from './rewriting-proxy';

let core: TestCore | null = null;
let proxied: ProxiedCore | null = null;
let upstream: Server | null = null;
afterEach(async () => {
  await core?.close();
  await proxied?.close();
  if (upstream) await new Promise((resolve) => upstream!.close(resolve));
  core = proxied = upstream = null;
});

const asMetadata = '/.well-known/oauth-authorization-server';
const onPath = (path: string, change: (json: any) => void) => (response: ProxiedResponse, request: ProxiedRequest) =>
  request.path === path ? rewriteJson(response, change) : response;

/** An MCP server that speaks plain JSON-RPC and has no tools. */
async function startToollessUpstream(): Promise<string> {
  upstream = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const message = JSON.parse(body);
      if (message.id === undefined) {
        res.statusCode = 202;
        return res.end();
      }
      const result =
        message.method === 'initialize'
          ? { protocolVersion: '2025-06-18', capabilities: { tools: {} }, serverInfo: { name: 'toolless', version: '1' } }
          : { tools: [] };
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ jsonrpc: '2.0', id: message.id, result }));
    });
  });
  await new Promise<void>((resolve) => upstream!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(upstream.address() as { port: number }).port}/mcp`;
}

describe('the MCP check (ChatGPT connecting an MCP server)', () => {
  it('passes on a fresh Handshake against its local URL, every request in the run’s flow, /mcp added to the origin', async () => {
    core = await startTestCore();
    const run = await runCheck(core, { profile: 'mcp' });
    expectPassed(run);
    expect(run.url).toBe(`${core.publicUrl}/mcp`);
    expect(stepOf(run, 'register').details[0]).toMatch(
      /supports Client ID Metadata Documents, which ChatGPT prefers: its client_id is https:\/\/chatgpt\.com\/oauth\/client\.json/,
    );
    expect(stepOf(run, 'register').details[1]).toMatch(
      /^Token authentication private_key_jwt \(RFC 7523\): the check signs with a key of its own/,
    );
    expect(new URLSearchParams(stepOf(run, 'token').exchanges[0].request.body ?? '').get('client_assertion_type')).toBe(
      'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    );
    expect(stepOf(run, 'register').inferred).toBe(true);
    expect(stepOf(run, 'tools-call').details).toEqual(['whoami answered.']);
    const reconnect = stepOf(run, 'reconnect').exchanges[0].request.url;
    expect(new URL(reconnect).searchParams.has('scope')).toBe(false);
    expect(new URL(reconnect).searchParams.get('resource')).toBe(`${core.publicUrl}/mcp`);

    const entries = await core.api.call<TrafficSummary[]>('GET', `/api/traffic?flowId=${run.flowId}`);
    const linked = run.steps.flatMap((step) => step.exchanges.map((exchange) => exchange.entryId));
    expect(linked.every((id) => id !== null)).toBe(true);
    expect(new Set(linked)).toEqual(new Set(entries.map((entry) => entry.id)));
    expect(entries.every((entry) => entry.arrival?.check === run.flowId)).toBe(true);
  });

  it('goes through the tunnel when it is online: the tunnel’s URL by default, and its entries say they came through it', async () => {
    // ngrok is unreachable here: the tunnel's public URL is a proxy that forwards as ngrok does (X-Forwarded-Host).
    proxied = await startProxiedCore({}, {}, { forwardedHost: 'handshake-test.ngrok.app' });
    const { api, tunnel } = proxied.core;
    await api.call('PUT', '/api/tunnel/authtoken', { authtoken: '2abcFAKEngrokAUTHTOKEN_0123456789' });
    const starting = api.call('POST', '/api/tunnel', {});
    await waitUntil(() => tunnel.opens.length === 1, 2000);
    tunnel.last.succeed(proxied.proxy.url);
    await starting;

    const run = await runCheck(proxied.core, { profile: 'mcp' });
    expectPassed(run);
    expect(run.url).toBe(`${proxied.proxy.url}/mcp`);
    const entries = await api.call<TrafficSummary[]>('GET', `/api/traffic?flowId=${run.flowId}`);
    expect(entries.length).toBeGreaterThan(10);
    for (const entry of entries) expect(entry.arrival).toEqual({ via: 'tunnel', agent: null, check: run.flowId });
    expect(stepOf(run, 'register').details[1]).toMatch(/^Token authentication private_key_jwt/);
  });

  it('asks for the scope of the challenge first, then calls the tool it is told to', async () => {
    core = await startTestCore({ settings: { scope: 'todos.read todos.write' } });
    const run = await runCheck(core, { profile: 'mcp', tool: 'add_todo', toolArguments: { text: 'from the check' } });
    expectPassed(run);
    expect(new URL(stepOf(run, 'authorize').exchanges[0].request.url).searchParams.get('scope')).toBe('todos.read todos.write');
    expect(stepOf(run, 'tools-call').exchanges[0].response?.body).toContain('from the check');
  });

  it('fails at the challenge when /mcp answers without asking for a token', async () => {
    proxied = await startProxiedCore({
      request: (request) =>
        request.path === '/mcp' && !request.headers.authorization
          ? { status: 200, headers: { 'content-type': 'application/json' }, body: '{}' }
          : request,
    });
    expect(expectFailedAt(await runCheck(proxied.core, { profile: 'mcp', url: `${proxied.proxy.url}/mcp` }), 'challenge').reason).toMatch(
      /answered 200, not 401/,
    );
  });

  it('fails at the protected-resource metadata when its resource does not cover the MCP URL', async () => {
    proxied = await startProxiedCore({
      response: onPath('/.well-known/oauth-protected-resource/mcp', (prm) => (prm.resource = 'https://other.example/mcp')),
    });
    const step = expectFailedAt(await runCheck(proxied.core, { profile: 'mcp', url: `${proxied.proxy.url}/mcp` }), 'protected-resource');
    expect(step.reason).toMatch(/"resource" is https:\/\/other\.example\/mcp, which does not cover the MCP URL/);
  });

  it('fails ChatGPT’s checks when the issuer string differs by a trailing slash', async () => {
    proxied = await startProxiedCore({ response: onPath(asMetadata, (metadata) => (metadata.issuer = `${metadata.issuer}/`)) });
    const step = expectFailedAt(await runCheck(proxied.core, { profile: 'mcp', url: `${proxied.proxy.url}/mcp` }), 'chatgpt-checks');
    expect(step.reason).toMatch(
      /issuer is "http:\/\/127\.0\.0\.1:\d+\/" but the protected resource names "http:\/\/127\.0\.0\.1:\d+"\. ChatGPT compares them byte for byte/,
    );
    expect(step.source?.url).toBe('https://www.rfc-editor.org/rfc/rfc8414#section-3.3');
  });

  it('fails ChatGPT’s checks when S256 is not advertised', async () => {
    proxied = await startProxiedCore({ response: onPath(asMetadata, (metadata) => delete metadata.code_challenge_methods_supported) });
    const step = expectFailedAt(await runCheck(proxied.core, { profile: 'mcp', url: `${proxied.proxy.url}/mcp` }), 'chatgpt-checks');
    expect(step.reason).toBe('code_challenge_methods_supported is missing: ChatGPT refuses to proceed unless S256 is advertised.');
    expect(step.source?.url).toBe('https://developers.openai.com/plugins/build/auth');
  });

  it('warns and uses a per-connection callback when iss is not advertised', async () => {
    proxied = await startProxiedCore({
      response: onPath(asMetadata, (metadata) => delete metadata.authorization_response_iss_parameter_supported),
    });
    const run = await runCheck(proxied.core, { profile: 'mcp', url: `${proxied.proxy.url}/mcp` });
    expect(stepOf(run, 'chatgpt-checks').verdict).toBe('warn');
    expect(stepOf(run, 'chatgpt-checks').reason).toMatch(/per-connection callback \(https:\/\/chatgpt\.com\/connector\/oauth\//);
    // Handshake registers that callback by DCR, so the connect goes on.
    expectPassed(run);
  });

  it('fails at registration when there is neither metadata-document support nor a registration endpoint', async () => {
    proxied = await startProxiedCore({
      response: onPath(asMetadata, (metadata) => {
        delete metadata.registration_endpoint;
        delete metadata.client_id_metadata_document_supported;
      }),
    });
    const step = expectFailedAt(await runCheck(proxied.core, { profile: 'mcp', url: `${proxied.proxy.url}/mcp` }), 'register');
    expect(step.reason).toMatch(/no registration_endpoint and no usable metadata-document support: ChatGPT cannot get a client id/);
  });

  it('fails the iss check when the callback’s iss is not the issuer', async () => {
    proxied = await startProxiedCore({
      response: (response, request) => {
        if (request.method !== 'POST' || !request.path.startsWith('/oauth/authorize') || !response.headers.location) return response;
        const location = new URL(response.headers.location);
        location.searchParams.set('iss', 'https://evil.example');
        return { ...response, headers: { ...response.headers, location: location.href } };
      },
    });
    const step = expectFailedAt(await runCheck(proxied.core, { profile: 'mcp', url: `${proxied.proxy.url}/mcp` }), 'iss');
    expect(step.reason).toMatch(
      /iss is "https:\/\/evil\.example", not the issuer "http:\/\/127\.0\.0\.1:\d+": ChatGPT compares them byte for byte/,
    );
  });

  it('fails at the exchange with the token endpoint’s error', async () => {
    core = await startTestCore();
    await core.api.call('POST', '/api/faults', { kind: 'fail', target: 'token', count: 1, error: 'invalid_grant' });
    expect(expectFailedAt(await runCheck(core, { profile: 'mcp' }), 'token').reason).toMatch(
      /^The token endpoint answered 400: invalid_grant/,
    );
  });

  it('fails at initialize when the upstream MCP server is down', async () => {
    core = await startTestCore({ settings: { mcpUpstream: `http://127.0.0.1:${await closedPort()}/mcp` } });
    const step = expectFailedAt(await runCheck(core, { profile: 'mcp' }), 'initialize');
    expect(step.reason).toMatch(/^initialize answered 502: .*ChatGPT signed in but shows "No actions available"\.$/);
  });

  it('fails at tools/list when the MCP server has no tools', async () => {
    core = await startTestCore({ settings: { mcpUpstream: await startToollessUpstream() } });
    expect(expectFailedAt(await runCheck(core, { profile: 'mcp' }), 'tools-list').reason).toBe(
      'tools/list returned no tools: ChatGPT shows "No actions available".',
    );
  });

  it('fails at tools/list for an unknown tool, and at the call when the tool answers an error', async () => {
    core = await startTestCore();
    expect(expectFailedAt(await runCheck(core, { profile: 'mcp', tool: 'no_such_tool' }), 'tools-list').reason).toBe(
      'There is no tool "no_such_tool".',
    );
    const step = expectFailedAt(
      await runCheck(core, { profile: 'mcp', tool: 'delete_todo', toolArguments: { id: 'missing' } }),
      'tools-call',
    );
    expect(step.reason).toMatch(/delete_todo/);
  });

  it('fails the reconnect when the server refuses an authorize request without scope', async () => {
    proxied = await startProxiedCore(
      {
        request: (request) =>
          request.method === 'GET' &&
          request.path.startsWith('/oauth/authorize') &&
          !new URL(request.path, 'http://x').searchParams.has('scope')
            ? {
                status: 400,
                headers: { 'content-type': 'text/html' },
                body: '<h1>Invalid scope</h1><div class="error" role="alert">scope is required</div>',
              }
            : request,
      },
      { settings: { scope: 'todos.read' } },
    );
    const step = expectFailedAt(await runCheck(proxied.core, { profile: 'mcp', url: `${proxied.proxy.url}/mcp` }), 'reconnect');
    expect(step.reason).toBe('The authorize URL answered 400: "Invalid scope: scope is required".');
    expect(step.inferred).toBe(true);
  });

  it('fails at the refresh when the refresh token is refused', async () => {
    core = await startTestCore();
    let injected = false;
    const stop = core.core.control.subscribe((event: ControlEvent) => {
      if (!injected && event.type === 'check' && event.run.steps.find((step) => step.id === 'reconnect')?.verdict === 'pass') {
        injected = true;
        void core!.core.control.injectFault({ kind: 'fail', target: 'token', count: 1, error: 'invalid_grant' });
      }
    });
    expect(expectFailedAt(await runCheck(core, { profile: 'mcp' }), 'refresh').reason).toMatch(/^The refresh answered 400: invalid_grant/);
    stop();
  });
});

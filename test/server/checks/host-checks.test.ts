import { afterEach, describe, expect, it } from 'vitest';
import { hostProfile } from '../../../server/hosts/host-profiles';
import { simulatedHosts } from '../../../server/hosts/simulated-hosts';
import type { TrafficSummary } from '../../../server/traffic/traffic-entry';
import { startTestCore, type TestCore } from '../support/test-core';
import { expectFailedAt, expectPassed, type ProxiedCore, runCheck, startProxiedCore, stepOf } from './check-fixture';
import { rewriteJson } from './rewriting-proxy';

let core: TestCore | null = null;
let proxied: ProxiedCore | null = null;
afterEach(async () => {
  await core?.close();
  await proxied?.close();
  core = proxied = null;
});

const byDocument = new Set(['chatgpt', 'codex', 'claude', 'claude-code', 'cursor', 'vscode']);

describe('Test as any host: every profile', () => {
  it.each(simulatedHosts)(
    '%s passes on a fresh Handshake, registering as the host does, its traffic marked with its mcpHost',
    async (id) => {
      core = await startTestCore({ users: [{ email: 'ann@example.com', password: 'a long enough password' }] });
      const host = hostProfile(id);
      const run = await runCheck(core, { profile: id });
      expectPassed(run);
      const register = stepOf(run, 'register');
      if (byDocument.has(id)) expect(register.details[0]).toContain(`its client_id is ${host.connect.cimdClientId}`);
      else expect(register.details.at(-1)).toMatch(/^Registered by DCR as dcr_/);
      expect(run.steps.some((step) => step.id === 'reconnect')).toBe(id === 'chatgpt');
      const authorize = new URL(stepOf(run, 'authorize').exchanges[0].request.url);
      expect(authorize.searchParams.get('redirect_uri')).toBe(host.connect.redirectUri);
      expect(stepOf(run, 'token').exchanges[0].request.headers['User-Agent']).toBe(host.connect.userAgent);
      const scope = authorize.searchParams.get('scope') ?? '';
      expect(scope.split(' ').includes('offline_access')).toBe(host.connect.appendsOfflineAccess);
      const refreshBody = new URLSearchParams(stepOf(run, 'refresh').exchanges[0].request.body ?? '');
      expect(refreshBody.has('resource')).toBe(host.connect.resourceOnRefresh);

      const entries = await core.api.get<TrafficSummary[]>(`/api/traffic?flowId=${run.flowId}`);
      expect(entries.length).toBeGreaterThan(5);
      expect(entries.filter((entry) => entry.mcpHost !== id).map((entry) => `${entry.method} ${entry.path}`)).toEqual([]);
    },
  );

  it.each(simulatedHosts)('%s fails at the token step when the token endpoint refuses', async (id) => {
    core = await startTestCore({ users: [{ email: 'ann@example.com', password: 'a long enough password' }] });
    await core.api.call('POST', '/api/faults', { kind: 'fail', target: 'token', count: 1, error: 'invalid_grant' });
    const step = expectFailedAt(await runCheck(core, { profile: id }), 'token');
    expect(step.reason).toMatch(/The token endpoint answered 400: invalid_grant/);
  });

  it.each(['codex', 'claude'] as const)(
    '%s falls back to DCR when "none" is not advertised, and fails at register where its public registration is refused',
    async (id) => {
      proxied = await startProxiedCore(
        {
          response: (response, request) => {
            if (request.path === '/.well-known/oauth-authorization-server')
              return rewriteJson(response, (metadata) => {
                metadata.token_endpoint_auth_methods_supported = ['client_secret_basic'];
              });
            return response;
          },
        },
        { users: [{ email: 'ann@example.com', password: 'a long enough password' }] },
      );
      const step = expectFailedAt(await runCheck(proxied.core, { profile: id, url: `${proxied.proxy.url}/mcp` }), 'register');
      expect(step.details[0]).toMatch(/does not list "none" among its token endpoint auth methods: it registers by DCR/);
      expect(step.reason).toMatch(/lacks "none", which (Codex|Claude) registers with/);
    },
  );

  it('the Inspector fails at register when the server offers no registration endpoint (it has no metadata document)', async () => {
    proxied = await startProxiedCore(
      {
        response: (response, request) =>
          request.path === '/.well-known/oauth-authorization-server'
            ? rewriteJson(response, (metadata) => delete metadata.registration_endpoint)
            : response,
      },
      { users: [{ email: 'ann@example.com', password: 'a long enough password' }] },
    );
    const step = expectFailedAt(await runCheck(proxied.core, { profile: 'inspector', url: `${proxied.proxy.url}/mcp` }), 'register');
    expect(step.reason).toMatch(/There is no registration_endpoint: MCP Inspector cannot get a client id/);
  });
});

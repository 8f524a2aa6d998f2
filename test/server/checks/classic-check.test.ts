import { afterEach, describe, expect, it } from 'vitest';
import type { CheckRun, ControlEvent } from '../../../server/control/control-api';
import type { TrafficSummary } from '../../../server/traffic/traffic-entry';
import { closedPort } from '../support/closed-port';
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

/** Injects a fault when a step of the running check has passed: the steps before it saw a healthy server. */
function faultAfter(target: TestCore, stepId: string, fault: Parameters<TestCore['core']['control']['injectFault']>[0]) {
  let injected = false;
  return target.core.control.subscribe((event: ControlEvent) => {
    if (injected || event.type !== 'check') return;
    if (event.run.steps.find((step) => step.id === stepId)?.verdict === 'pass') {
      injected = true;
      void target.core.control.injectFault(fault);
    }
  });
}

describe('the classic check (ChatGPT plugin / GPT Action)', () => {
  it('passes on a fresh Handshake against its local URL, each request in the run’s own flow and marked as the check’s', async () => {
    core = await startTestCore();
    const events: CheckRun[] = [];
    core.core.control.subscribe((event) => event.type === 'check' && events.push(event.run));
    const run = await runCheck(core, { profile: 'classic' });
    expectPassed(run);
    expect(stepOf(run, 'verification-token').verdict).toBe('warn');
    expect(stepOf(run, 'verification-token').reason).toMatch(/No verification token yet/);
    expect(run.user).toBe('demo@handshake.local');
    expect(events.some((event) => event.state === 'running' && event.steps.some((step) => step.verdict === 'running'))).toBe(true);
    expect(events.at(-1)).toEqual(run);

    const entries = await core.api.call<TrafficSummary[]>('GET', `/api/traffic?flowId=${run.flowId}`);
    const exchanges = run.steps.flatMap((step) => step.exchanges);
    expect(exchanges.length).toBeGreaterThanOrEqual(8);
    expect(new Set(exchanges.map((exchange) => exchange.entryId))).toEqual(new Set(entries.map((entry) => entry.id)));
    for (const entry of entries) expect(entry.arrival).toMatchObject({ check: run.flowId, agent: null });
    expect(entries.map((entry) => entry.kind)).toEqual(expect.arrayContaining(['manifest', 'authorize', 'login', 'token', 'api']));
  });

  it('shows no token, code, ticket or secret in the run it reports', async () => {
    core = await startTestCore();
    const run = await runCheck(core, { profile: 'classic' });
    const text = JSON.stringify(run);
    expect(text).not.toContain(core.client.secret);
    expect(text).not.toMatch(/hsa_[A-Za-z0-9_-]{20}|hsr_[A-Za-z0-9_-]{20}|hsc_[A-Za-z0-9_-]{20}|hst_[A-Za-z0-9_-]{20}/);
  });

  it('exchanges the code as a form when the manifest says so, and as a GPT Action with a Basic header', async () => {
    core = await startTestCore({ settings: { authorizationContentType: 'application/x-www-form-urlencoded' } });
    const plugin = await runCheck(core, { profile: 'classic' });
    expectPassed(plugin);
    expect(stepOf(plugin, 'token').exchanges[0].request.headers['Content-Type']).toBe('application/x-www-form-urlencoded');
    expect(stepOf(plugin, 'token').exchanges[0].request.body).toContain('client_secret=');

    const action = await runCheck(core, { profile: 'classic', classicClient: 'action', tokenAuth: 'basic' });
    expectPassed(action);
    const exchange = stepOf(action, 'token').exchanges[0];
    expect(exchange.request.headers.Authorization).toMatch(/^Basic /);
    expect(exchange.request.body).not.toContain('client_secret');
    expect(stepOf(action, 'authorize').exchanges[0].request.url).toContain(encodeURIComponent('https://chatgpt.com/aip/g-'));
  });

  it('fails at the manifest when a field breaks ChatGPT’s limits', async () => {
    proxied = await startProxiedCore({
      response: (response, request) =>
        request.path === '/.well-known/ai-plugin.json'
          ? rewriteJson(response, (manifest) => (manifest.name_for_model = 'todo list plugin'))
          : response,
    });
    const step = expectFailedAt(await runCheck(proxied.core, { profile: 'classic', url: proxied.proxy.url }), 'manifest');
    expect(step.reason).toMatch(/name_for_model may hold only letters, digits and underscores/);
  });

  it('fails at the manifest when api.url is on another domain', async () => {
    proxied = await startProxiedCore({
      response: (response, request) =>
        request.path === '/.well-known/ai-plugin.json'
          ? rewriteJson(response, (manifest) => (manifest.api.url = 'https://elsewhere.example/openapi.yaml'))
          : response,
    });
    const step = expectFailedAt(await runCheck(proxied.core, { profile: 'classic', url: proxied.proxy.url }), 'manifest');
    expect(step.reason).toMatch(/api\.url \(https:\/\/elsewhere\.example\/openapi\.yaml\) is not on the manifest's domain/);
  });

  it('fails at the verification token when it is a placeholder, or not the one ChatGPT showed', async () => {
    core = await startTestCore({ settings: { verificationToken: 'placeholder' } });
    expect(expectFailedAt(await runCheck(core, { profile: 'classic' }), 'verification-token').reason).toMatch(
      /"placeholder", a placeholder/,
    );
    await core.api.call('PATCH', '/api/settings', { verificationToken: 'a1b2c3d4e5f6' });
    expectPassed(await runCheck(core, { profile: 'classic', verificationToken: 'a1b2c3d4e5f6' }));
    const step = expectFailedAt(await runCheck(core, { profile: 'classic', verificationToken: 'ffffeeeedddd' }), 'verification-token');
    expect(step.reason).toBe('The manifest serves "a1b2c3d4e5f6" but ChatGPT showed "ffffeeeedddd": “Verify tokens” fails.');
  });

  it('fails at the OpenAPI spec when servers names another domain', async () => {
    proxied = await startProxiedCore({
      response: (response, request) =>
        request.path === '/openapi.yaml'
          ? { ...response, body: response.body.replace(/url: http:\/\/127\.0\.0\.1:\d+/, 'url: https://api.elsewhere.example') }
          : response,
    });
    const step = expectFailedAt(await runCheck(proxied.core, { profile: 'classic', url: proxied.proxy.url }), 'openapi');
    expect(step.reason).toMatch(/servers\[0\]\.url is https:\/\/api\.elsewhere\.example, not on the public domain/);
  });

  it('fails at the sign-in page when ChatGPT’s callback is not on the redirect allowlist', async () => {
    core = await startTestCore({ settings: { allowChatGptCallbacks: false } });
    const step = expectFailedAt(await runCheck(core, { profile: 'classic' }), 'authorize');
    expect(step.reason).toMatch(/^The authorize URL answered 400: "Redirect address not allowed: /);
  });

  it('warns when the browser meets ngrok’s warning page, and goes past it as the user would', async () => {
    const warning =
      '<!DOCTYPE html><html><body><h1>You are about to visit 127.0.0.1</h1><p>ERR_NGROK_6024 ngrok</p><button>Visit Site</button></body></html>';
    proxied = await startProxiedCore({
      // What ngrok does on a free domain: a browser without the skip header gets the interstitial, servers do not.
      request: (request) =>
        /Mozilla/.test(request.headers['user-agent'] ?? '') && !request.headers['ngrok-skip-browser-warning']
          ? { status: 200, headers: { 'content-type': 'text/html' }, body: warning }
          : request,
    });
    const run = await runCheck(proxied.core, { profile: 'classic', url: proxied.proxy.url });
    expectPassed(run);
    const authorize = stepOf(run, 'authorize');
    expect(authorize.verdict).toBe('warn');
    expect(authorize.reason).toMatch(/ngrok's warning page before the sign-in page and must click “Visit Site”/);
    expect(authorize.exchanges).toHaveLength(2);
    expect(stepOf(run, 'manifest').verdict).not.toBe('fail');
  });

  it('fails at the sign-in when the redirect back loses the state', async () => {
    proxied = await startProxiedCore({
      response: (response, request) => {
        if (request.method !== 'POST' || !request.path.startsWith('/oauth/authorize') || !response.headers.location) return response;
        const location = new URL(response.headers.location);
        location.searchParams.delete('state');
        return { ...response, headers: { ...response.headers, location: location.href } };
      },
    });
    const step = expectFailedAt(await runCheck(proxied.core, { profile: 'classic', url: proxied.proxy.url }), 'sign-in');
    expect(step.reason).toMatch(/no state: ChatGPT says "Missing `state` param/);
  });

  it('fails at the exchange with the OAuth error the token endpoint gave', async () => {
    core = await startTestCore();
    await core.api.call('POST', '/api/faults', { kind: 'fail', target: 'token', count: 1, error: 'invalid_grant' });
    expect(expectFailedAt(await runCheck(core, { profile: 'classic' }), 'token').reason).toMatch(
      /^The token endpoint answered 400: invalid_grant/,
    );
  });

  it('fails at the API call, the refresh and the second call when each breaks', async () => {
    core = await startTestCore();
    await core.api.call('POST', '/api/faults', { kind: 'fail', target: 'api', count: 1, status: 500 });
    expect(expectFailedAt(await runCheck(core, { profile: 'classic' }), 'api-call').reason).toBe('GET /me answered 500.');

    let stop = faultAfter(core, 'api-call', { kind: 'fail', target: 'token', count: 1, error: 'invalid_grant' });
    expect(expectFailedAt(await runCheck(core, { profile: 'classic' }), 'refresh').reason).toMatch(
      /^The refresh answered 400: invalid_grant/,
    );
    stop();

    stop = faultAfter(core, 'refresh', { kind: 'fail', target: 'api', count: 1, status: 503 });
    expect(expectFailedAt(await runCheck(core, { profile: 'classic' }), 'api-call-again').reason).toBe('GET /me answered 503.');
    stop();
  });

  it('names the operation to call, and fails when there is none by that name', async () => {
    core = await startTestCore();
    const listed = await runCheck(core, { profile: 'classic', operationId: 'listTodos' });
    expectPassed(listed);
    expect(stepOf(listed, 'api-call').exchanges[0].request.url).toMatch(/\/todos$/);
    expect(expectFailedAt(await runCheck(core, { profile: 'classic', operationId: 'noSuchOperation' }), 'openapi').reason).toBe(
      'There is no operation "noSuchOperation".',
    );
  });

  it('says ChatGPT gets no answer when nothing listens at the URL', async () => {
    core = await startTestCore();
    const port = await closedPort();
    const run = await runCheck(core, { profile: 'classic', url: `http://127.0.0.1:${port}` });
    expect(expectFailedAt(run, 'manifest').reason).toBe(
      `ChatGPT would get no answer: GET http://127.0.0.1:${port}/.well-known/ai-plugin.json: connection refused: nothing listens there.`,
    );
    expect(stepOf(run, 'manifest').exchanges[0].entryId).toBeNull();
  });
});

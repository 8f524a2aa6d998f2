import { afterEach, describe, expect, it } from 'vitest';
import type { CheckRun } from '../../../server/control/control-api';
import type { TrafficSummary } from '../../../server/traffic/traffic-entry';
import { closedPort } from '../support/closed-port';
import { startTestCore, type TestCore } from '../support/test-core';
import { runCheck, stepOf } from './check-fixture';
import {
  joseVerifier,
  ProbedMcpServer,
  type ProbedServerOptions,
  type Trust,
  verifierAcceptingNone,
  verifierSkippingExp,
} from './probed-mcp-server';

let core: TestCore | null = null;
let probed: ProbedMcpServer | null = null;
afterEach(async () => {
  await probed?.close();
  await core?.close();
  core = probed = null;
});

const trustOf = (core: TestCore): Trust => ({
  issuer: core.publicUrl,
  audience: `${core.publicUrl}/mcp`,
  jwksUrl: `${core.publicUrl}/oauth/jwks.json`,
});

/** A Handshake whose "Your MCP server" is an SDK server with `options`, and the server check run against it. */
async function checkServer(options: ProbedServerOptions = {}): Promise<CheckRun> {
  core = await startTestCore();
  probed = await new ProbedMcpServer(trustOf(core), options).start();
  await core.api.call('PATCH', '/api/settings', { mcpUpstream: probed.url });
  return runCheck(core, { profile: 'server' });
}

const verdicts = (run: CheckRun) => Object.fromEntries(run.steps.map((step) => [step.id, step.verdict]));
const failures = (run: CheckRun) => run.steps.filter((step) => step.verdict === 'fail').map((step) => step.id);

describe('the server check (Check my MCP server’s token validation)', () => {
  it('passes against an official-SDK server with a jose verifier checking iss, aud and exp, every probe judged', async () => {
    const run = await checkServer({ requiredScopes: ['todos:read'] });
    expect(failures(run), JSON.stringify(run.steps.map((step) => [step.id, step.reason]))).toEqual([]);
    expect(run.state).toBe('passed');
    expect(run.url).toBe(probed!.url);
    for (const id of [
      'no-token',
      'valid-token',
      'aud-other',
      'aud-missing',
      'expired',
      'not-yet-valid',
      'wrong-issuer',
      'unknown-kid',
      'untrusted-key',
      'alg-none',
      'hs256-public-key',
      'aud-trailing-slash',
      'insufficient-scope',
      'revoked',
    ])
      expect(verdicts(run)[id], `${id}: ${stepOf(run, id).reason}`).toBe('pass');
    expect(stepOf(run, 'no-token').details[0]).toMatch(/resource_metadata .*oauth-protected-resource\/mcp, scope "todos:read"/);
    expect(stepOf(run, 'aud-trailing-slash').details[1]).toMatch(
      /\/mcp\/": refused \(401 invalid_token\): your server compares aud byte for byte/,
    );
    expect(stepOf(run, 'insufficient-scope').details[0]).toBe('403 insufficient_scope, scope "todos:read".');
    expect(stepOf(run, 'revoked').details[0]).toMatch(/^Accepted \(200\).*Only introspection/);
    expect(stepOf(run, 'alg-none').details[0]).toBe('Refused: 401 invalid_token.');

    // Every probe reached the server with its own token; the exact request and answer are in the run, the token masked.
    const probe = stepOf(run, 'expired').exchanges[0];
    expect(probe.request.url).toBe(probed!.url);
    expect(probe.request.headers.Authorization).toMatch(/^Bearer •••• \S{4}$/);
    expect(probe.response?.status).toBe(401);
    expect(probe.response?.headers['www-authenticate']).toMatch(/error="invalid_token"/);
    expect(stepOf(run, 'expired').source?.url).toBe('https://www.rfc-editor.org/rfc/rfc7519#section-4.1.4');
    // Each probe had its own token; only the baseline came twice: directly and forwarded by Handshake's /mcp.
    expect(verdicts(run)['through-handshake']).toBe('pass');
    const tokens = probed!.authorizations.filter(Boolean);
    expect(new Set(tokens).size).toBe(tokens.length - 1);
    // No token the probes sent is shown whole anywhere in the run.
    const shown = JSON.stringify(run);
    for (const header of tokens) expect(shown).not.toContain(header!.slice('Bearer '.length));

    // The probe grants are revoked when the run ends, and nothing the check did counts as ChatGPT.
    const grants = await core!.api.call<{ id: string; state: string }[]>('GET', '/api/grants');
    expect(grants.filter((grant) => grant.state !== 'revoked')).toEqual([]);
    const entries = await core!.api.call<TrafficSummary[]>('GET', `/api/traffic?flowId=${run.flowId}`);
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.every((entry) => entry.arrival?.check === run.flowId)).toBe(true);
  });

  it('fails naming aud against a server that skips the audience', async () => {
    const run = await checkServer({ verify: joseVerifier({ audience: false }) });
    expect(failures(run)).toEqual(['aud-other', 'aud-missing']);
    expect(stepOf(run, 'aud-other').reason).toBe(
      'Your server accepted it (200): it does not check aud, so a token issued for any other server works on yours.',
    );
    expect(stepOf(run, 'aud-other').source?.title).toMatch(/token handling/);
    expect(stepOf(run, 'aud-trailing-slash').details[1]).toMatch(/accepted \(200\), which says nothing: your server accepts any aud/);
    expect(run.state).toBe('failed');
  });

  it('fails naming exp against a server that skips expiry', async () => {
    const run = await checkServer({ verify: verifierSkippingExp });
    expect(failures(run)).toContain('expired');
    expect(stepOf(run, 'expired').reason).toMatch(/it does not check exp/);
    expect(verdicts(run)['aud-other']).toBe('pass');
  });

  it('fails naming alg none against a server that believes unsigned tokens', async () => {
    const run = await checkServer({ verify: verifierAcceptingNone });
    expect(failures(run)).toEqual(['alg-none']);
    expect(stepOf(run, 'alg-none').reason).toMatch(/accepts unsigned tokens \(alg none\)/);
    expect(stepOf(run, 'alg-none').source?.url).toBe('https://www.rfc-editor.org/rfc/rfc8725#section-3.1');
  });

  it('fails the no-token probe against a server that answers 500 to a missing token', async () => {
    const run = await checkServer({ crashWithoutToken: true });
    expect(failures(run)).toEqual(['no-token']);
    expect(stepOf(run, 'no-token').reason).toMatch(/^Your server answered 500 to a request without a token: it must answer 401/);
    // The probes with a token still ran and passed.
    expect(verdicts(run).expired).toBe('pass');
  });

  it('fails the no-token probe against a server whose challenge has no resource_metadata', async () => {
    const run = await checkServer({ resourceMetadata: false });
    expect(failures(run)).toEqual(['no-token']);
    expect(stepOf(run, 'no-token').reason).toMatch(/has no resource_metadata/);
    expect(stepOf(run, 'no-token').source?.url).toMatch(/rfc9728/);
  });

  it('skips every negative probe when the server refuses the valid token, saying why', async () => {
    core = await startTestCore();
    probed = await new ProbedMcpServer({ ...trustOf(core), audience: 'https://somewhere-else.example/mcp' }).start();
    const run = await runCheck(core, { profile: 'server', url: probed.url });
    expect(failures(run)).toEqual(['valid-token']);
    expect(stepOf(run, 'valid-token').reason).toMatch(
      new RegExp(
        `refused a valid Handshake token \\(401 invalid_token\\): configure its verifier for issuer ${core.publicUrl} and audience ${core.publicUrl}/mcp, with the keys at ${core.publicUrl}/oauth/jwks.json`,
      ),
    );
    for (const step of run.steps.slice(2)) {
      expect(step.verdict).toBe('skipped');
      expect(step.reason).toMatch(/refused the valid token/);
    }
  });

  it('probes Handshake’s own /mcp when no server of the developer’s is set, and its built-in check refuses every bad token', async () => {
    core = await startTestCore();
    const run = await runCheck(core, { profile: 'server' });
    expect(run.url).toBe(`${core.publicUrl}/mcp`);
    expect(failures(run)).toEqual([]);
    expect(verdicts(run)['through-handshake']).toBe('skipped');
    expect(stepOf(run, 'revoked').details[0]).toMatch(/^Refused \(401 invalid_token\): your server introspects/);
  });

  it('says what does not apply to opaque tokens instead of forging JWTs', async () => {
    core = await startTestCore({ settings: { accessTokenFormat: 'opaque' } });
    const run = await runCheck(core, { profile: 'server' });
    expect(run.state).toBe('passed');
    expect(stepOf(run, 'alg-none').verdict).toBe('skipped');
    expect(stepOf(run, 'alg-none').reason).toMatch(/opaque access tokens/);
  });

  it('probes with the token shape Settings choose: Cognito-shaped tokens carry no aud, so the aud probes say so', async () => {
    core = await startTestCore({ settings: { tokenShape: 'cognito' } });
    const issuer = `${core.publicUrl}/us-east-1_Handshake`;
    const trust = { issuer, audience: 'unused', jwksUrl: `${issuer}/.well-known/jwks.json` };
    probed = await new ProbedMcpServer(trust, { verify: joseVerifier({ audience: false }) }).start();
    const run = await runCheck(core, { profile: 'server', url: probed.url });
    expect(failures(run), JSON.stringify(run.steps.map((step) => [step.id, step.reason]))).toEqual([]);
    expect(stepOf(run, 'valid-token').details[0]).toMatch(new RegExp(`^Minted by Handshake: iss ${issuer}, no aud;`));
    expect(stepOf(run, 'aud-other').verdict).toBe('skipped');
    expect(stepOf(run, 'aud-other').reason).toMatch(/carry no aud/);
    expect(verdicts(run)['wrong-issuer']).toBe('pass');
  });

  it('says the server gave no answer when nothing listens there, and skips the rest', async () => {
    core = await startTestCore();
    const run = await runCheck(core, { profile: 'server', url: `http://127.0.0.1:${await closedPort()}/mcp` });
    expect(run.state).toBe('failed');
    expect(stepOf(run, 'no-token').reason).toMatch(/^No answer: POST http:\/\/127\.0\.0\.1:\d+\/mcp: connection refused/);
    expect(stepOf(run, 'valid-token').verdict).toBe('fail');
    expect(stepOf(run, 'expired').verdict).toBe('skipped');
  });

  it('answers 400 naming the field for a bad URL', async () => {
    core = await startTestCore();
    const response = await core.api.send('POST', '/api/checks', { profile: 'server', url: 'ftp://x' });
    expect(response.status).toBe(400);
    expect(response.json.error.field).toBe('url');
  });
});

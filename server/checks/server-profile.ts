import { decodeJwt, decodeProtectedHeader, type JWTPayload } from 'jose';
import type { CheckResponse } from './check-http';
import type { CheckSession, StepContext, StepSpec } from './check-session';
import { sources } from './check-sources';
import { challengeParameters } from './mcp-profile';
import { McpRpc } from './mcp-rpc';
import { answerWords, expectRefused, wasAccepted } from './probe-verdict';
import type { IssuedProbeToken, ServerCheckSubject } from './server-check-subject';
import { type BaseToken, forgedProbes } from './server-probes';

/** The steps of "Check my MCP server's token validation"; `chatgpt` says what each probe sends. */
export const serverSteps: StepSpec[] = [
  {
    id: 'no-token',
    title: 'No token',
    chatgpt: 'POST initialize without Authorization, as every MCP client does first.',
    source: sources.mcpAuthorization,
  },
  {
    id: 'valid-token',
    title: 'A valid token (the baseline)',
    chatgpt: 'POST initialize with an access token Handshake minted for this server, exactly as ChatGPT would get it.',
    source: sources.rfc9068Validation,
  },
  {
    id: 'through-handshake',
    title: 'The valid token through Handshake’s /mcp',
    chatgpt: 'The same request through Handshake’s /mcp, which forwards it to your server as it forwards ChatGPT’s.',
    source: sources.mcpTokenHandling,
  },
  ...forgedProbes.map((probe) => ({ id: probe.id, title: probe.title, chatgpt: probe.sends, source: probe.source })),
  {
    id: 'aud-trailing-slash',
    title: 'aud with and without a trailing slash',
    chatgpt: 'A valid token whose aud differs from the resource only by a trailing slash (reported, not failed).',
    source: sources.rfc8707Audience,
  },
  {
    id: 'insufficient-scope',
    title: 'A token without the scope your server requires',
    chatgpt: 'A valid token with no scope, when your server declares scopes: it should answer 403 insufficient_scope.',
    source: sources.mcpScopeChallenge,
  },
  {
    id: 'revoked',
    title: 'A revoked token',
    chatgpt: 'A valid token whose grant Handshake has revoked (reported: only an introspecting server can tell).',
    source: sources.rfc7662,
  },
];

const initializeParams = {
  protocolVersion: '2025-06-18',
  capabilities: {},
  clientInfo: { name: 'Handshake server check', version: '1' },
};

/** One POST initialize with `token` (or none), as its own request: no MCP session carried between probes. */
async function probe(step: StepContext, url: string, token: string | null): Promise<CheckResponse> {
  const { response } = await new McpRpc(url).call(step, token, 'initialize', initializeParams);
  return response;
}

const scopeClaims = ['scope', 'scp', 'scopes', 'permissions'];

function withTrailingSlashToggled(value: string): string {
  return value.endsWith('/') ? value.replace(/\/+$/, '') : `${value}/`;
}

/**
 * Calls the developer's MCP server (`session.url`) directly with no token, a valid one, and tokens it must refuse, each
 * judged on its own; the negative probes count only once the valid token passes.
 */
export async function runServerProfile(session: CheckSession, subject: ServerCheckSubject): Promise<void> {
  const url = session.url;
  const issued: IssuedProbeToken[] = [];
  const issue = async (step: StepContext, scope: string) => {
    const minted = await subject.issue(scope);
    issued.push(minted);
    step.secret(minted.token);
    return minted.token;
  };

  const challenge = await session.step('no-token', async (step) => {
    const response = await probe(step, url, null);
    if (wasAccepted(response))
      step.fail(`Your server answered ${response.status} without any token: it does not require authentication.`, sources.mcpAuthorization);
    if (response.status >= 500)
      step.fail(
        `Your server answered ${response.status} to a request without a token: it must answer 401 with WWW-Authenticate: Bearer resource_metadata="…", which is how MCP clients find where to sign in.`,
        sources.mcpAuthorization,
      );
    if (response.status !== 401)
      step.fail(
        `Your server answered ${response.status} without a token, not 401: MCP clients would not know they must sign in.`,
        sources.mcpAuthorization,
      );
    const header = response.headers.get('www-authenticate');
    if (!header || !/^bearer\b/i.test(header))
      step.fail('The 401 has no WWW-Authenticate: Bearer challenge (RFC 6750 §3).', sources.rfc6750);
    const parameters = challengeParameters(header);
    if (!parameters.resource_metadata)
      step.fail(
        'The 401’s WWW-Authenticate has no resource_metadata: MCP clients read it to find your protected-resource metadata and the authorization server (RFC 9728 §5.1).',
        sources.rfc9728,
      );
    step.detail(`401 with resource_metadata ${parameters.resource_metadata}${parameters.scope ? `, scope "${parameters.scope}"` : ''}.`);
    return parameters;
  });
  const declaredScopes = (challenge?.scope ?? '').split(' ').filter(Boolean);

  try {
    const valid = await session.step('valid-token', async (step) => {
      const token = await issue(step, declaredScopes.join(' '));
      step.detail(
        `Minted by Handshake: iss ${subject.issuer}, ${subject.audience ? `aud ${subject.audience}` : 'no aud'}${declaredScopes.length ? `, scope "${declaredScopes.join(' ')}"` : ''}; keys at ${subject.jwksUri}.`,
      );
      const response = await probe(step, url, token);
      if (!wasAccepted(response))
        step.fail(
          `Your server refused a valid Handshake token (${answerWords(response)}): configure its verifier for issuer ${subject.issuer}${subject.audience ? ` and audience ${subject.audience}` : ''}, with the keys at ${subject.jwksUri}. Until it accepts this token, its refusals of the bad ones prove nothing.`,
          sources.rfc9068Validation,
        );
      step.detail(`Accepted (${response.status}).`);
      return token;
    });
    const remaining = serverSteps.slice(serverSteps.findIndex((spec) => spec.id === 'valid-token') + 1);
    if (!valid) {
      for (const spec of remaining)
        await session.step(spec.id, async (step) => step.skip('Your server refused the valid token, so refusing this one proves nothing.'));
      return;
    }

    await session.step('through-handshake', async (step) => {
      const through = subject.throughHandshake;
      if (!through) return step.skip('Handshake forwards /mcp to no server of yours, or the probed server is not that one.');
      const response = await probe(step, through, valid);
      if (wasAccepted(response)) return step.detail(`Accepted through ${through} (${response.status}).`);
      step.warn(
        response.status === 401
          ? 'Through Handshake your server refused the token it accepts directly: Handshake did not pass Authorization on (Settings: Forward Authorization), or the forwarded request differs.'
          : `Through Handshake the request answered ${response.status}; directly it was accepted.`,
        sources.mcpTokenHandling,
      );
    });

    const base: BaseToken | null = subject.jwt ? { payload: decodeJwt(valid), header: decodeProtectedHeader(valid) } : null;
    const signer = base ? await subject.signer() : null;
    const acceptedForgeries = new Set<string>();
    for (const forged of forgedProbes) {
      await session.step(forged.id, async (step) => {
        if (!base || !signer)
          return step.skip('Handshake mints opaque access tokens (Settings: access token format): there is no JWT to forge.');
        if (forged.needsClaim && base.payload[forged.needsClaim] === undefined)
          return step.skip(`Handshake's tokens, shaped like your provider's (Settings: Mint tokens like), carry no ${forged.needsClaim}.`);
        const token = await forged.forge(base, signer, Math.floor(Date.now() / 1000));
        step.secret(token);
        const response = await probe(step, url, token);
        if (wasAccepted(response)) acceptedForgeries.add(forged.id);
        expectRefused(step, response, forged.accepted, forged.source);
      });
    }

    await session.step('aud-trailing-slash', async (step) => {
      if (!base || !signer) return step.skip('Handshake mints opaque access tokens: there is no aud to vary.');
      const audience = base.payload.aud;
      if (audience === undefined) return step.skip("Handshake's tokens, shaped like your provider's, carry no aud.");
      const toggled = Array.isArray(audience) ? audience.map(withTrailingSlashToggled) : withTrailingSlashToggled(audience);
      const token = await signer.withCurrentKey({ ...base.payload, aud: toggled } as JWTPayload, { typ: base.header.typ });
      step.secret(token);
      const response = await probe(step, url, token);
      step.detail(`aud ${JSON.stringify(audience)}: accepted (the valid token).`);
      const verdict = !wasAccepted(response)
        ? `refused (${answerWords(response)}): your server compares aud byte for byte, so clients and providers that add or drop a trailing slash fail against it`
        : acceptedForgeries.has('aud-other')
          ? `accepted (${response.status}), which says nothing: your server accepts any aud`
          : `accepted (${response.status}): your server treats a trailing slash as the same resource, as the MCP SDK does`;
      step.detail(`aud ${JSON.stringify(toggled)}: ${verdict}.`);
    });

    await session.step('insufficient-scope', async (step) => {
      if (!declaredScopes.length)
        return step.skip('Your server declares no scopes (its 401 challenge has no scope=), so there is no step-up to check.');
      if (!base || !signer) return step.skip('Handshake mints opaque access tokens: there is no JWT to strip of its scope.');
      const payload: JWTPayload = { ...base.payload };
      for (const claim of scopeClaims) delete payload[claim];
      const token = await signer.withCurrentKey(payload, { typ: base.header.typ });
      step.secret(token);
      const response = await probe(step, url, token);
      if (wasAccepted(response))
        step.fail(
          `Your server accepted a token without the scope it declares ("${declaredScopes.join(' ')}"): it does not check scopes.`,
          sources.mcpScopeChallenge,
        );
      if (response.status >= 500)
        step.fail(`Your server answered ${response.status} instead of 403 insufficient_scope.`, sources.rfc6750Errors);
      const parameters = challengeParameters(response.headers.get('www-authenticate'));
      if (response.status !== 403 || parameters.error !== 'insufficient_scope')
        return step.warn(
          `Refused with ${answerWords(response)}, not 403 insufficient_scope: clients sign in again with the same scopes instead of asking for the missing one (step-up).`,
          sources.mcpScopeChallenge,
        );
      const missing = ['scope', 'resource_metadata'].filter((name) => !parameters[name]);
      if (missing.length)
        return step.warn(
          `403 insufficient_scope without ${missing.join(' and ')} in WWW-Authenticate: the client cannot tell which scope to ask for, or where.`,
          sources.mcpScopeChallenge,
        );
      step.detail(`403 insufficient_scope, scope "${parameters.scope}".`);
    });

    await session.step('revoked', async (step) => {
      const minted = await subject.issue(declaredScopes.join(' '));
      issued.push(minted);
      step.secret(minted.token);
      await minted.revoke();
      const response = await probe(step, url, minted.token);
      if (response.status >= 500) step.fail(`Your server answered ${response.status} to a revoked token.`, sources.rfc6750Errors);
      step.detail(
        wasAccepted(response)
          ? `Accepted (${response.status}): your server verifies tokens itself, which cannot see a revocation; the token works until it expires. Only introspection (RFC 7662) catches it.`
          : `Refused (${answerWords(response)}): your server introspects, or keeps a list of revoked tokens.`,
      );
    });
  } finally {
    for (const token of issued) await token.revoke();
  }
}

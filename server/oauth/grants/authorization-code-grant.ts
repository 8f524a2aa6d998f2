import { tokenPrefixes } from '../../crypto/random-token';
import { annotate } from '../../traffic/annotations';
import { InvalidGrant, InvalidRequest } from '../oauth-error';
import { codeVerifierPattern, verifierMatches } from '../pkce';
import { required } from '../request-parameters';
import { mintAccessToken } from '../tokens/access-token-format';
import { mintIdToken } from '../tokens/id-token';
import { tokenAudience } from './audience';
import { type GrantHandler, tokenLifetimes, tokenResponse } from './grant-context';

/**
 * RFC 6749 §4.1.3 and OAuth 2.1 §4.1.3. The code must be known, unused, unexpired, issued to this client for this
 * redirect_uri, to a user who still exists; a code issued with a PKCE challenge needs its verifier, and a verifier
 * without a challenge is refused. Checks and consumption run without an await in between, so of concurrent
 * exchanges exactly one wins; a replay revokes what the first exchange issued.
 */
export const authorizationCodeGrant: GrantHandler = async (context) => {
  const { parameters, client, store, issuer, keys, res } = context;
  const clientId = client.id;
  const code = required(parameters, 'code');
  const record = store.codes.find(code);
  if (!record) {
    const looksLike = code.startsWith(tokenPrefixes.refresh)
      ? ' It looks like a refresh token.'
      : code.startsWith(tokenPrefixes.access)
        ? ' It looks like an access token.'
        : '';
    throw new InvalidGrant('the authorization code is invalid', {
      code: 'code_unknown',
      message: `Handshake never issued this code (or forgot it after a restart of a different data folder).${looksLike}`,
    });
  }
  annotate(res, { flowId: record.flowId, userId: record.userId, userEmail: store.users.byId(record.userId)?.email ?? null });

  if (record.usedAt) {
    const issued = record.grantId ? store.grants.get(record.grantId) : undefined;
    if (issued) store.grants.revoke(issued, 'code_reused');
    await store.save({ grants: issued ? [issued] : [] });
    throw new InvalidGrant('the authorization code has already been used', {
      code: 'code_reused',
      message: `This code was already exchanged at ${record.usedAt}. Codes are single use; the tokens issued for it have been revoked, as RFC 6749 asks. ChatGPT retrying an exchange, or two servers sharing one code, cause this.`,
    });
  }
  if (Date.parse(record.expiresAt) <= Date.now()) {
    throw new InvalidGrant('the authorization code has expired', {
      code: 'code_expired',
      message: `This code expired at ${record.expiresAt} (the code lifetime is ${store.settings.get().authorizationCodeTtl} s). ChatGPT exchanges codes at once, so a slow or retried exchange is likely.`,
    });
  }
  if (record.clientId !== clientId) {
    throw new InvalidGrant('the authorization code was issued to another client', {
      code: 'code_client_mismatch',
      message: `This code was issued to client "${record.clientId}", not "${clientId}".`,
    });
  }
  const redirectUri = parameters.redirect_uri;
  // OAuth 2.1 dropped redirect_uri from the token request; OAuth 2.0 clients (classic plugins) still send it.
  if (redirectUri === undefined && client.kind === 'classic') {
    throw new InvalidRequest('redirect_uri is required', {
      code: 'redirect_uri_missing',
      message: `The token request has no redirect_uri; the authorize request used ${record.redirectUri}.`,
    });
  }
  if (redirectUri !== undefined && redirectUri !== record.redirectUri) {
    throw new InvalidGrant('redirect_uri does not match the one used at authorization', {
      code: 'redirect_uri_mismatch',
      message: `redirect_uri at the token endpoint differs from the authorize request.\n  authorize: ${record.redirectUri}\n  token:     ${redirectUri}`,
    });
  }
  checkVerifier(parameters.code_verifier, record.codeChallenge);
  const resources = tokenAudience(parameters.resource, record.resources, issuer);
  const user = store.users.byId(record.userId);
  if (!user) {
    throw new InvalidGrant('the user who signed in no longer exists', {
      code: 'user_removed',
      message: 'The user who signed in for this code was removed before the exchange.',
    });
  }

  const settings = store.settings.get();
  const subject = { issuer, clientId, user, scope: record.scope, resources };
  const [access, idToken] = await Promise.all([
    mintAccessToken(keys, settings, subject),
    mintIdToken(keys, subject, { authTime: record.authTime, nonce: record.nonce }),
  ]);
  // Signing awaited: a concurrent exchange of the same code may have won meanwhile, which makes this one a replay.
  if (record.usedAt) return authorizationCodeGrant(context);
  const issued = store.grants.issue(
    { clientId, userId: user.id, scope: record.scope, flowId: record.flowId, resources },
    tokenLifetimes(settings),
    access,
  );
  store.codes.consume(record, issued.grant.id);
  await store.save({ codes: [record], grants: [issued.grant] });
  return tokenResponse(issued, settings, idToken);
};

function checkVerifier(verifier: string | undefined, challenge: string | null): void {
  if (challenge === null) {
    if (verifier === undefined) return;
    throw new InvalidGrant('code_verifier was sent, but the authorization request had no code_challenge', {
      code: 'pkce_verifier_without_challenge',
      message:
        'The token request carries a code_verifier, but the authorize request sent no code_challenge, so there is nothing to check it against (OAuth 2.1 §4.1.3). Send the challenge at /oauth/authorize.',
    });
  }
  if (verifier === undefined || verifier === '') {
    throw new InvalidGrant('code_verifier is required: the code was issued with a PKCE challenge', {
      code: 'pkce_verifier_missing',
      message: 'The code was issued for a PKCE code_challenge, so the exchange must send its code_verifier.',
    });
  }
  if (!codeVerifierPattern.test(verifier)) {
    throw new InvalidGrant('code_verifier must be 43 to 128 characters of A-Z a-z 0-9 - . _ ~', {
      code: 'pkce_verifier_malformed',
      message: `The code_verifier is ${verifier.length} characters${/[^A-Za-z0-9._~-]/.test(verifier) ? ' and holds characters outside A-Z a-z 0-9 - . _ ~' : ''}; RFC 7636 §4.1 asks for 43 to 128 of those. Clients usually send the base64url of 32 random bytes.`,
    });
  }
  if (!verifierMatches(verifier, challenge)) {
    throw new InvalidGrant('code_verifier does not match the code_challenge', {
      code: 'pkce_verifier_mismatch',
      message:
        'BASE64URL(SHA256(code_verifier)) is not the code_challenge of the authorize request: the client used another verifier than the one it made the challenge from (e.g. a stale one from an earlier attempt).',
    });
  }
}

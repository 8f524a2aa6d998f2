import { sha256, tokenPrefixes } from '../../crypto/random-token';
import type { GrantRecord } from '../../store/records';
import { addNote, annotate } from '../../traffic/annotations';
import { InvalidGrant, InvalidScope } from '../oauth-error';
import { required } from '../request-parameters';
import { revocationExplanation } from '../revocation-explanation';
import { mintAccessToken } from '../tokens/access-token-format';
import { mintIdToken } from '../tokens/id-token';
import { tokenAudience } from './audience';
import { type GrantHandler, tokenLifetimes, tokenResponse } from './grant-context';

/**
 * RFC 6749 §6 with rotation: every refresh returns a new refresh token. Presenting one that was already rotated
 * out means it leaked or a client retried: the whole grant is revoked — unless it is the one rotated out last,
 * within the reuse interval set in Settings (the leeway Auth0 and Okta give parallel refreshes).
 */
export const refreshTokenGrant: GrantHandler = async (context) => {
  const { parameters, client, store, issuer, keys, res } = context;
  const clientId = client.id;
  const token = required(parameters, 'refresh_token');
  const found = store.grants.byRefreshToken(token);
  if (!found) {
    const hint = token.startsWith(tokenPrefixes.access) ? ' It looks like an access token, not a refresh token.' : '';
    throw new InvalidGrant('the refresh token is invalid', {
      code: 'refresh_token_unknown',
      message: `Handshake never issued this refresh token.${hint}`,
    });
  }
  const { grant, rotated } = found;
  const user = store.users.byId(grant.userId);
  annotate(res, { flowId: grant.flowId, userId: grant.userId, userEmail: user?.email ?? null });

  if (grant.clientId !== clientId) {
    throw new InvalidGrant('the refresh token was issued to another client', {
      code: 'refresh_token_client_mismatch',
      message: `This refresh token belongs to client "${grant.clientId}", not "${clientId}".`,
    });
  }
  if (grant.revokedAt) {
    throw new InvalidGrant('the refresh token has been revoked', {
      code: grant.revokedReason === 'user_deleted' ? 'user_removed' : 'grant_revoked',
      message: `This grant was revoked at ${grant.revokedAt}: ${revocationExplanation(grant.revokedReason)} The user must sign in again (reinstall or re-authorize in ChatGPT).`,
    });
  }
  const settings = store.settings.get();
  if (rotated && !withinReuseInterval(grant, token, settings.refreshTokenReuseInterval)) {
    store.grants.revoke(grant, 'refresh_token_reuse');
    await store.save({ grants: [grant] });
    throw new InvalidGrant('the refresh token has already been used', {
      code: 'refresh_token_reused',
      message:
        'This refresh token was rotated out by an earlier refresh; each refresh returns a new one that must be used next time. Reuse suggests a leak or a client that did not store the new token, so the whole grant has been revoked. A client that refreshes for several requests at once (the MCP SDK does, for a call and its event stream) presents the old token when the first refresh has not answered yet: Settings → Refresh-token reuse interval gives it a few seconds of leeway, as Auth0 and Okta do.',
    });
  }
  if (Date.parse(grant.refreshTokenExpiresAt) <= Date.now()) {
    throw new InvalidGrant('the refresh token has expired', {
      code: 'refresh_token_expired',
      message: `This refresh token expired at ${grant.refreshTokenExpiresAt}.`,
    });
  }
  if (!user) {
    throw new InvalidGrant('the user no longer exists', { code: 'user_removed', message: 'The user this grant belongs to was removed.' });
  }

  checkScope(parameters.scope, grant.scope);
  tokenAudience(parameters.resource, grant.resources, issuer);
  const subject = { issuer, clientId, user, scope: grant.scope, resources: grant.resources };
  const checkedHash = grant.refreshTokenHash;
  const mintedAt = context.clock();
  // Signed side by side, as the code grant does: one wait on the token path instead of two.
  const [access, idToken] = await Promise.all([
    mintAccessToken(keys, settings, subject, mintedAt),
    mintIdToken(keys, subject, { authTime: null, nonce: null }, mintedAt),
  ]);
  // Signing awaited: a concurrent refresh with the same token may have rotated it meanwhile, which makes this one a reuse.
  if (grant.refreshTokenHash !== checkedHash || grant.revokedAt) return refreshTokenGrant(context);
  if (rotated)
    addNote(
      res,
      'warn',
      'refresh_token_reused_within_interval',
      `This refresh token was rotated out ${Math.round((Date.now() - Date.parse(grant.refreshedAt!)) / 1000)} s ago; accepted because the reuse interval is ${settings.refreshTokenReuseInterval} s (Settings). A strict server would have revoked the grant.`,
    );
  const issued = store.grants.rotate(grant, tokenLifetimes(settings), access);
  await store.save({ rotations: [issued.rotation] });
  return tokenResponse(issued, settings, idToken);
};

/** The token rotated out by the grant's last refresh, presented again no later than `seconds` after it. */
function withinReuseInterval(grant: GrantRecord, token: string, seconds: number): boolean {
  if (seconds <= 0 || !grant.refreshedAt || grant.previousRefreshTokenHashes[0] !== sha256(token)) return false;
  return Date.now() - Date.parse(grant.refreshedAt) <= seconds * 1000;
}

/** RFC 6749 §6: a refresh may narrow the scope, never widen it. */
function checkScope(requested: string | undefined, granted: string): void {
  if (requested === undefined || requested === '') return;
  const grantedScopes = new Set(granted.split(' ').filter(Boolean));
  const wider = requested.split(' ').filter((scope) => scope && !grantedScopes.has(scope));
  if (wider.length) {
    throw new InvalidScope(`scope ${wider.join(' ')} was not granted`, {
      code: 'scope_wider_than_grant',
      message: `The refresh asks for scope "${requested}", which includes ${wider.map((scope) => `"${scope}"`).join(', ')} that the user never granted (granted: "${granted || '(none)'}"). A refresh can only keep or narrow the scope; ask for more with a new authorization.`,
    });
  }
}

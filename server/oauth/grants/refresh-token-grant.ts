import { tokenPrefixes } from '../../crypto/random-token';
import { annotate } from '../../traffic/annotations';
import { InvalidGrant } from '../oauth-error';
import { required } from '../request-parameters';
import { revocationExplanation } from '../revocation-explanation';
import { tokenLifetimes, tokenResponse, type GrantHandler } from './grant-context';

/**
 * RFC 6749 §6 with rotation: every refresh returns a new refresh token. Presenting one that was
 * already rotated out means it leaked or a client retried: the whole grant is revoked.
 */
export const refreshTokenGrant: GrantHandler = async ({ parameters, clientId, store, res }) => {
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
  if (rotated) {
    store.grants.revoke(grant, 'refresh_token_reuse');
    await store.save({ grants: [grant] });
    throw new InvalidGrant('the refresh token has already been used', {
      code: 'refresh_token_reused',
      message:
        'This refresh token was rotated out by an earlier refresh; each refresh returns a new one that must be used next time. Reuse suggests a leak or a client that did not store the new token, so the whole grant has been revoked.',
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

  const settings = store.settings.get();
  const issued = store.grants.rotate(grant, tokenLifetimes(settings));
  await store.save({ rotations: [issued.rotation] });
  return tokenResponse(issued, settings);
};

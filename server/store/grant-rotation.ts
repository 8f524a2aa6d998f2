import type { GrantRecord } from './records';

/** Refresh-token hashes a grant keeps after rotating them out, so a reuse is recognised. */
export const rotatedHashesKept = 50;

/**
 * Replaced access tokens a grant keeps valid until they expire. A client refreshes about once per access-token
 * lifetime, so this many is ample; without a bound, a client refreshing in a loop grew its grant (and every
 * refresh's walk over it) by one token per refresh for a whole lifetime.
 */
export const replacedAccessTokensKept = 50;

/**
 * What one refresh changes in a grant. The journal records this instead of the whole grant, whose kept hashes make it
 * some kilobytes; replay applies it with the same applyRotation as the live refresh, so both keep the same hashes.
 */
export interface GrantRotation {
  grantId: string;
  /** The refresh-token hash rotated out: the rotation follows only a grant whose current hash this is. */
  rotatedOutHash: string;
  accessTokenHash: string;
  accessTokenExpiresAt: string;
  refreshTokenHash: string;
  refreshTokenExpiresAt: string;
  refreshedAt: string;
}

/** Applies a rotation whose rotatedOutHash is the grant's current refresh-token hash; returns the hashes it forgot. */
export function applyRotation(grant: GrantRecord, rotation: GrantRotation): { refresh: string[]; access: string[] } {
  const history = [rotation.rotatedOutHash, ...grant.previousRefreshTokenHashes];
  const forgotten = history.splice(rotatedHashesKept);
  grant.previousRefreshTokenHashes = history;
  // The replaced access token stays valid until it expires; "now" is the rotation's time, so replay keeps the same list.
  // Both times are toISOString() text, which compares as the instants do: no parsing per kept token.
  const now = rotation.refreshedAt;
  const kept: GrantRecord['previousAccessTokens'] = [];
  const access: string[] = [];
  for (const token of [{ hash: grant.accessTokenHash, expiresAt: grant.accessTokenExpiresAt }, ...grant.previousAccessTokens]) {
    if (kept.length < replacedAccessTokensKept && token.expiresAt > now) kept.push(token);
    else access.push(token.hash);
  }
  grant.previousAccessTokens = kept;
  grant.accessTokenHash = rotation.accessTokenHash;
  grant.accessTokenExpiresAt = rotation.accessTokenExpiresAt;
  grant.refreshTokenHash = rotation.refreshTokenHash;
  grant.refreshTokenExpiresAt = rotation.refreshTokenExpiresAt;
  grant.refreshedAt = rotation.refreshedAt;
  return { refresh: forgotten, access };
}

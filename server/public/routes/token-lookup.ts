import type { GrantRecord } from '../../store/records';
import type { Store } from '../../store/store';

export interface FoundToken {
  grant: GrantRecord;
  type: 'access_token' | 'refresh_token';
  expiresAt: string;
  /** Usable right now: not revoked, not expired, not rotated out, user still present. */
  active: boolean;
}

/** Finds an access or refresh token, honouring token_type_hint only as a search order (RFC 7009 §2.1). */
export function lookupToken(store: Store, token: string, hint: string | undefined): FoundToken | null {
  const asAccess = (): FoundToken | null => {
    const found = store.grants.byAccessToken(token);
    return found
      ? {
          grant: found.grant,
          type: 'access_token',
          expiresAt: found.expiresAt,
          active: isLive(store, found.grant) && Date.parse(found.expiresAt) > Date.now(),
        }
      : null;
  };
  const asRefresh = (): FoundToken | null => {
    const found = store.grants.byRefreshToken(token);
    return found
      ? {
          grant: found.grant,
          type: 'refresh_token',
          expiresAt: found.grant.refreshTokenExpiresAt,
          active: !found.rotated && isLive(store, found.grant) && Date.parse(found.grant.refreshTokenExpiresAt) > Date.now(),
        }
      : null;
  };
  return hint === 'refresh_token' ? (asRefresh() ?? asAccess()) : (asAccess() ?? asRefresh());
}

function isLive(store: Store, grant: GrantRecord): boolean {
  return !grant.revokedAt && store.users.byId(grant.userId) !== undefined;
}

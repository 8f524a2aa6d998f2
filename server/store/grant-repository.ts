import { randomId, randomToken, sha256, tokenPrefixes } from '../crypto/random-token';
import type { Database } from './database';
import { applyRotation, type GrantRotation } from './grant-rotation';
import type { GrantRecord } from './records';

export interface IssuedTokens {
  grant: GrantRecord;
  accessToken: string;
  refreshToken: string;
}

/** An access token minted outside (a signed JWT) and when it expires; without one a random opaque token is drawn. */
export interface MintedAccessToken {
  token: string;
  expiresAt: number;
}

/** A refresh's tokens and what it changed in the grant: save `{ rotations: [rotation] }`. */
export interface RotatedTokens extends IssuedTokens {
  rotation: GrantRotation;
}

export type RefreshLookup = { grant: GrantRecord; rotated: boolean } | undefined;

/** Revoked or fully expired grants are kept this long so a late request can be told why it fails. */
const rememberForMs = 24 * 60 * 60 * 1000;

/**
 * Grants hold one access token and one refresh token, both stored as SHA-256 hashes and indexed
 * in memory so the token endpoint and the API never scan the list.
 */
export class GrantRepository {
  private readonly byAccess = new Map<string, GrantRecord>();
  private readonly byRefresh = new Map<string, RefreshLookup>();
  private readonly byId = new Map<string, GrantRecord>();

  constructor(private readonly db: Database) {
    for (const grant of db.data.grants) this.index(grant);
  }

  issue(
    input: Pick<GrantRecord, 'clientId' | 'userId' | 'scope' | 'flowId'> & { resources?: string[] },
    ttl: { access: number; refresh: number },
    access?: MintedAccessToken,
  ): IssuedTokens {
    this.pruneSometimes();
    const now = new Date().toISOString();
    const grant: GrantRecord = {
      id: `grt_${randomId(9)}`,
      ...input,
      resources: input.resources ?? [],
      createdAt: now,
      accessTokenHash: '',
      accessTokenExpiresAt: now,
      refreshTokenHash: '',
      refreshTokenExpiresAt: now,
      previousRefreshTokenHashes: [],
      refreshedAt: null,
      revokedAt: null,
      revokedReason: null,
      previousAccessTokens: [],
    };
    this.db.data.grants.push(grant);
    this.byId.set(grant.id, grant);
    return { grant, ...this.setTokens(grant, ttl, access) };
  }

  /** New access and refresh tokens; the old refresh token is remembered as rotated out. */
  rotate(grant: GrantRecord, ttl: { access: number; refresh: number }, access?: MintedAccessToken): RotatedTokens {
    const drawn = drawTokens(ttl, access);
    const rotation: GrantRotation = {
      grantId: grant.id,
      rotatedOutHash: grant.refreshTokenHash,
      accessTokenHash: drawn.accessTokenHash,
      accessTokenExpiresAt: drawn.accessTokenExpiresAt,
      refreshTokenHash: drawn.refreshTokenHash,
      refreshTokenExpiresAt: drawn.refreshTokenExpiresAt,
      refreshedAt: drawn.issuedAt,
    };
    this.byRefresh.set(grant.refreshTokenHash, { grant, rotated: true });
    // Forgotten in memory as in the file: the index stays bounded, and a restart changes no answer.
    const forgotten = applyRotation(grant, rotation);
    for (const hash of forgotten.refresh) this.byRefresh.delete(hash);
    for (const hash of forgotten.access) this.byAccess.delete(hash);
    this.indexCurrent(grant);
    return { grant, accessToken: drawn.accessToken, refreshToken: drawn.refreshToken, rotation };
  }

  /** The grant of an access token, current or replaced by a refresh, and when that token expires. */
  byAccessToken(token: string): { grant: GrantRecord; expiresAt: string } | undefined {
    const hash = sha256(token);
    const grant = this.byAccess.get(hash);
    if (!grant) return undefined;
    if (grant.accessTokenHash === hash) return { grant, expiresAt: grant.accessTokenExpiresAt };
    const replaced = grant.previousAccessTokens.find((previous) => previous.hash === hash);
    return replaced ? { grant, expiresAt: replaced.expiresAt } : undefined;
  }

  byRefreshToken(token: string): RefreshLookup {
    return this.byRefresh.get(sha256(token));
  }

  get(id: string): GrantRecord | undefined {
    return this.byId.get(id);
  }

  revoke(grant: GrantRecord, reason: string): void {
    if (grant.revokedAt) return;
    grant.revokedAt = new Date().toISOString();
    grant.revokedReason = reason;
  }

  revokeForClient(clientId: string, reason: string): number {
    return this.revokeWhere((grant) => grant.clientId === clientId, reason);
  }

  revokeForUser(userId: string, reason: string): number {
    return this.revokeWhere((grant) => grant.userId === userId, reason);
  }

  private revokeWhere(matches: (grant: GrantRecord) => boolean, reason: string): number {
    const active = this.db.data.grants.filter((grant) => matches(grant) && !grant.revokedAt);
    for (const grant of active) this.revoke(grant, reason);
    return active.length;
  }

  /** Not revoked and still refreshable. */
  active(): GrantRecord[] {
    const now = Date.now();
    return this.db.data.grants.filter((grant) => !grant.revokedAt && Date.parse(grant.refreshTokenExpiresAt) > now);
  }

  expireAllAccessTokens(): number {
    const now = new Date().toISOString();
    const active = this.active();
    for (const grant of active) {
      grant.accessTokenExpiresAt = now;
      for (const replaced of grant.previousAccessTokens) replaced.expiresAt = now;
    }
    return active.length;
  }

  private setTokens(
    grant: GrantRecord,
    ttl: { access: number; refresh: number },
    access: MintedAccessToken | undefined,
  ): { accessToken: string; refreshToken: string } {
    const drawn = drawTokens(ttl, access);
    grant.accessTokenHash = drawn.accessTokenHash;
    grant.accessTokenExpiresAt = drawn.accessTokenExpiresAt;
    grant.refreshTokenHash = drawn.refreshTokenHash;
    grant.refreshTokenExpiresAt = drawn.refreshTokenExpiresAt;
    this.indexCurrent(grant);
    return { accessToken: drawn.accessToken, refreshToken: drawn.refreshToken };
  }

  private indexCurrent(grant: GrantRecord): void {
    this.byAccess.set(grant.accessTokenHash, grant);
    this.byRefresh.set(grant.refreshTokenHash, { grant, rotated: false });
  }

  private index(grant: GrantRecord): void {
    this.byId.set(grant.id, grant);
    this.indexCurrent(grant);
    for (const replaced of grant.previousAccessTokens) this.byAccess.set(replaced.hash, grant);
    for (const hash of grant.previousRefreshTokenHashes) this.byRefresh.set(hash, { grant, rotated: true });
  }

  private lastPrune = 0;

  private pruneSometimes(): void {
    const now = Date.now();
    if (now - this.lastPrune < 60_000) return;
    this.lastPrune = now;
    const cutoff = now - rememberForMs;
    const forgotten = (grant: GrantRecord) =>
      (grant.revokedAt !== null && Date.parse(grant.revokedAt) < cutoff) || Date.parse(grant.refreshTokenExpiresAt) < cutoff;
    if (!this.db.data.grants.some(forgotten)) return;
    this.db.requireSnapshot();
    this.db.data.grants = this.db.data.grants.filter((grant) => {
      if (!forgotten(grant)) return true;
      this.byId.delete(grant.id);
      this.byAccess.delete(grant.accessTokenHash);
      for (const replaced of grant.previousAccessTokens) this.byAccess.delete(replaced.hash);
      this.byRefresh.delete(grant.refreshTokenHash);
      for (const hash of grant.previousRefreshTokenHashes) this.byRefresh.delete(hash);
      return false;
    });
  }
}

/** A new access and refresh token, their hashes and expiries. */
function drawTokens(ttl: { access: number; refresh: number }, access: MintedAccessToken | undefined) {
  const accessToken = access?.token ?? randomToken(tokenPrefixes.access);
  const refreshToken = randomToken(tokenPrefixes.refresh);
  const now = Date.now();
  return {
    accessToken,
    refreshToken,
    issuedAt: new Date(now).toISOString(),
    accessTokenHash: sha256(accessToken),
    accessTokenExpiresAt: new Date(access?.expiresAt ?? now + ttl.access * 1000).toISOString(),
    refreshTokenHash: sha256(refreshToken),
    refreshTokenExpiresAt: new Date(now + ttl.refresh * 1000).toISOString(),
  };
}

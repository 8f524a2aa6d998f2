import type { Settings } from '../settings/settings';

/** What lives in the lowdb JSON file. Tokens and codes only ever as SHA-256 hashes. */
export interface ClientRecord {
  id: string;
  secret: string;
  createdAt: string;
  rotatedAt: string | null;
}

export interface UserRecord {
  id: string;
  email: string;
  name: string;
  /** scrypt$<N>$<r>$<p>$<salt b64>$<hash b64> */
  passwordHash: string;
  createdAt: string;
  updatedAt: string;
}

export interface CodeRecord {
  codeHash: string;
  clientId: string;
  userId: string;
  redirectUri: string;
  scope: string;
  flowId: string;
  createdAt: string;
  expiresAt: string;
  /** Set when exchanged; a second exchange revokes `grantId`. */
  usedAt: string | null;
  grantId: string | null;
}

export interface GrantRecord {
  id: string;
  clientId: string;
  userId: string;
  scope: string;
  flowId: string;
  createdAt: string;
  accessTokenHash: string;
  accessTokenExpiresAt: string;
  refreshTokenHash: string;
  refreshTokenExpiresAt: string;
  /** Hashes of refresh tokens rotated out; presenting one revokes the grant. */
  previousRefreshTokenHashes: string[];
  refreshedAt: string | null;
  revokedAt: string | null;
  revokedReason: string | null;
}

/** A row of the built-in demo API's per-user todo list. */
export interface TodoRecord {
  id: string;
  userId: string;
  text: string;
  createdAt: string;
}

export interface StoreData {
  version: 1;
  settings: Settings;
  client: ClientRecord;
  users: UserRecord[];
  codes: CodeRecord[];
  grants: GrantRecord[];
  todos: TodoRecord[];
}

/** Views handed to the control API: never a password hash or a token hash. */
export interface UserView {
  id: string;
  email: string;
  name: string;
  createdAt: string;
  updatedAt: string;
  activeGrants: number;
}

export interface GrantView {
  id: string;
  clientId: string;
  userId: string;
  userEmail: string;
  scope: string;
  flowId: string;
  createdAt: string;
  refreshedAt: string | null;
  accessTokenExpiresAt: string;
  refreshTokenExpiresAt: string;
  /** 'active' | 'access-expired' (refreshable) */
  state: 'active' | 'access-expired';
}

export interface ClientView {
  id: string;
  secret: string;
  /** e.g. "…a1b2" — what the traffic log shows in place of the secret */
  secretFingerprint: string;
  createdAt: string;
  rotatedAt: string | null;
}

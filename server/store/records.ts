import type { Settings } from '../settings/settings';

/** What lives in the lowdb JSON file. Tokens and codes only ever as SHA-256 hashes. */
export interface ClientRecord {
  id: string;
  secret: string;
  createdAt: string;
  rotatedAt: string | null;
  /** SHA-256 of the secret before the last change, so a client still sending it can be told so. */
  previousSecretHash?: string | null;
}

export interface UserRecord {
  id: string;
  email: string;
  name: string;
  /** scrypt$<N>$<r>$<p>$<salt b64>$<hash b64> */
  passwordHash: string;
  /** What UserInfo and id_tokens say as email_verified (OpenAI's workspace domain check needs true). */
  emailVerified: boolean;
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
  /** PKCE: the S256 code_challenge the authorize request carried, which the exchange's code_verifier must match. */
  codeChallenge: string | null;
  /** RFC 8707 resources the code was authorized for: the tokens' possible audiences. */
  resources: string[];
  /** OpenID Connect: the authorize request's nonce, echoed in the id_token. */
  nonce: string | null;
  /** OpenID Connect: when the user signed in (seconds since the epoch), the id_token's auth_time. */
  authTime: number | null;
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
  /** The tokens' audience (RFC 8707 resources); empty when the client named none. */
  resources: string[];
  /** Access tokens a refresh replaced, valid until they expire: calls in flight during a refresh keep working. */
  previousAccessTokens: { hash: string; expiresAt: string }[];
}

export type TokenEndpointAuthMethod = 'none' | 'client_secret_basic' | 'client_secret_post' | 'private_key_jwt';

/** How a client came to be known: added by the developer, registered by RFC 7591, or a Client ID Metadata Document seen. */
export type RegisteredClientKind = 'manual' | 'dcr' | 'cimd';

/** A client of the registry other than the classic plugin client. Its secret is kept only as a hash. */
export interface RegisteredClientRecord {
  id: string;
  kind: RegisteredClientKind;
  name: string;
  redirectUris: string[];
  tokenEndpointAuthMethod: TokenEndpointAuthMethod;
  /** SHA-256 (base64url) of the secret; null for a public client. The secret itself is shown once, at creation. */
  secretHash: string | null;
  secretFingerprint: string | null;
  grantTypes: string[];
  scope: string;
  applicationType: string | null;
  /** The client metadata as accepted (RFC 7591 §3.2.1 echoes it). */
  metadata: Record<string, unknown>;
  createdAt: string;
  lastUsedAt: string | null;
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
  clients: RegisteredClientRecord[];
  /** Keys that sign JWT access tokens and id_tokens; the private halves sealed when the OS offers a keychain. */
  signingKeys: SigningKeyRecord[];
}

export type SigningAlgorithm = 'RS256' | 'ES256';

export interface SigningKeyRecord {
  kid: string;
  alg: SigningAlgorithm;
  /** PKCS #8 PEM, or 'sealed:' + SecretBox.seal(PEM). */
  privateKey: string;
  /** The public JWK (kty, n, e or crv, x, y), as published. */
  publicJwk: Record<string, string>;
  createdAt: string;
  /** When a newer key took over signing; null for the current key. */
  retiredAt: string | null;
  /** Until when the JWKS still publishes it: the last token it signed expires then (or now, for "retire now"). */
  publishedUntil: string | null;
}

/** Views handed to the control API: never a password hash or a token hash. */
export interface UserView {
  id: string;
  email: string;
  name: string;
  emailVerified: boolean;
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

/** A client as the Clients view and the control API show it. */
export interface RegisteredClientView {
  id: string;
  kind: 'classic' | RegisteredClientKind;
  name: string;
  redirectUris: string[];
  tokenEndpointAuthMethod: TokenEndpointAuthMethod;
  /** The host serving a CIMD client's document. */
  documentHost: string | null;
  secretFingerprint: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  /** When an unused registration will be forgotten (Settings: registrationExpiryDays); null for clients that never expire. */
  expiresAt: string | null;
  activeGrants: number;
}

/** What adding a client answers: the view, and the secret once (it is stored only as a hash). */
export interface CreatedClient extends RegisteredClientView {
  secret: string | null;
}

export interface ClientView {
  id: string;
  secret: string;
  /** e.g. "…a1b2" — what the traffic log shows in place of the secret */
  secretFingerprint: string;
  createdAt: string;
  rotatedAt: string | null;
}

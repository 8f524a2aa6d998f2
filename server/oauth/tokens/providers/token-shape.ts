import type { JWTPayload } from 'jose';
import type { Settings } from '../../../settings/settings';
import type { TokenSubject } from '../token-subject';

/** What a shape mints from: the subject, its standard audience, the times and a fresh jti. */
export interface ShapeInput {
  subject: TokenSubject;
  /** Handshake's standard issuer: the public base URL. */
  base: string;
  /** The RFC 8707 audience Handshake binds the token to (the resource, or the base URL for a classic plugin). */
  audience: string | string[];
  issuedAt: number;
  expiresAt: number;
  jti: string;
  scopes: string[];
}

/** How a resource server must be configured to accept the shape's tokens (shown in Settings, used by the server check). */
export interface VerifierConfig {
  issuer: string;
  /** The audience to require; null when the provider's tokens carry none to check. */
  audience: string | null;
  jwksUri: string;
  algorithms: string[];
  /** The header typ the verifier may require; null when the provider sends none or a generic one. */
  typ: string | null;
  /** Claims to compare besides iss/aud (e.g. Cognito's token_use and client_id). */
  requiredClaims: Record<string, string>;
  /** Where the granted scopes are, and how. */
  scopeClaim: string;
  scopeFormat: 'space-separated string' | 'array';
}

/** Where the provider publishes discovery and keys, as paths under Handshake's base URL; Handshake serves them there. */
export interface ShapePaths {
  /** OpenID Connect discovery under the issuer's path (null: only Handshake's own at the root). */
  openIdConfiguration: string | null;
  /** RFC 8414 documents for a path issuer: path-inserted and path-appended forms. */
  authorizationServerMetadata: string[];
  jwks: string;
}

/** "Mint tokens like": one production identity provider's access-token shape. */
export interface TokenShape {
  id: string;
  label: string;
  /** The provider's page on its access tokens. */
  docs: string;
  issuer(base: string): string;
  paths(): ShapePaths;
  headerTyp(settings: Settings): string | undefined;
  claims(input: ShapeInput): JWTPayload;
  verifier(base: string, resource: string, clientId: string): VerifierConfig;
  /** What differs from RFC 9068, in plain words. */
  notes: string[];
}

import type { ProbeSigner } from '../oauth/keys/probe-signer';

/** A token minted by Handshake's real path for the probed server (a real grant, stored as a hash). */
export interface IssuedProbeToken {
  token: string;
  /** Revokes its grant (the revoked-token probe; and every probe grant when the run ends). */
  revoke(): Promise<void>;
}

/** What the server check needs from the core: the issuer and audience real tokens carry, real tokens, and bad ones. */
export interface ServerCheckSubject {
  /** The `iss` Handshake's access tokens carry now (the public base URL, or the provider shape's issuer). */
  issuer: string;
  /** The audience a verifier must require of them: the MCP server's public URL at Handshake (…/mcp), or what the provider shape puts; null when the shape carries none. */
  audience: string | null;
  /** The JWKS a verifier must fetch. */
  jwksUri: string;
  /** Handshake's own /mcp, when the probed server is the one it forwards to (else null). */
  throughHandshake: string | null;
  /** Whether access tokens are JWTs; opaque ones leave nothing to forge. */
  jwt: boolean;
  /** Mints an access token through the real path for this scope, as a grant of the run's flow. */
  issue(scope: string): Promise<IssuedProbeToken>;
  /** The key store's signer of deliberately bad tokens. */
  signer(): Promise<ProbeSigner>;
}

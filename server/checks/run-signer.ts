import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import type { AssertionSigner } from './mcp-profile';

/** How the core lets a check run's key sign for a client: trusted until the returned function is called. */
export type TrustAssertionKey = (clientId: string, publicJwk: JWK) => () => void;

/**
 * A private_key_jwt signer for one check run: a fresh RS256 key (the algorithm ChatGPT's document names) that the core
 * trusts for a client only from the first assertion until `release`. The private key never leaves this object.
 */
export function runSigner(trust: TrustAssertionKey): AssertionSigner & { release(): void } {
  const key = generateKeyPair('RS256', { extractable: true });
  const kid = `handshake-check-${randomUUID()}`;
  const releases = new Map<string, () => void>();
  return {
    async sign(clientId, audience) {
      const { privateKey, publicKey } = await key;
      if (!releases.has(clientId))
        releases.set(clientId, trust(clientId, { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' }));
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({ jti: randomUUID() })
        .setProtectedHeader({ alg: 'RS256', kid })
        .setIssuer(clientId)
        .setSubject(clientId)
        .setAudience(audience)
        .setIssuedAt(now)
        .setExpirationTime(now + 60)
        .sign(privateKey);
    },
    release() {
      for (const release of releases.values()) release();
      releases.clear();
    },
  };
}

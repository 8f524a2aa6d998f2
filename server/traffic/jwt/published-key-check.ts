import { createPublicKey, type JsonWebKey, type KeyObject, verify } from 'node:crypto';
import type { JSONWebKeySet } from 'jose';

interface PublishedKey {
  alg: string;
  key: KeyObject;
}

/**
 * A synchronous signature check against the published JWKS, for the common case in Traffic: a token Handshake signed
 * with a key it still publishes. Only a plain yes: anything else (an unknown kid, another algorithm, a signature that
 * does not verify) is left to the key store's jose-based check, which says why. WebCrypto's asynchronous verify
 * costs a refresh grant several times what this does.
 */
export class PublishedKeyCheck {
  private readonly keys = new Map<string, PublishedKey>();

  constructor(jwks: JSONWebKeySet) {
    for (const jwk of jwks.keys) {
      if (!jwk.kid || (jwk.alg !== 'RS256' && jwk.alg !== 'ES256')) continue;
      try {
        this.keys.set(jwk.kid, { alg: jwk.alg, key: createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' }) });
      } catch {
        // A key Node cannot read is simply not checked here.
      }
    }
  }

  /** The kid whose published key verifies `token`, or null when this quick check cannot tell. */
  verifies(token: string, header: Record<string, unknown>): string | null {
    const kid = header.kid;
    if (typeof kid !== 'string') return null;
    const published = this.keys.get(kid);
    if (!published || header.alg !== published.alg) return null;
    const lastDot = token.lastIndexOf('.');
    const signature = Buffer.from(token.slice(lastDot + 1), 'base64url');
    const signingInput = Buffer.from(token.slice(0, lastDot), 'ascii');
    const key = published.alg === 'ES256' ? { key: published.key, dsaEncoding: 'ieee-p1363' as const } : published.key;
    try {
      return verify('sha256', signingInput, key, signature) ? kid : null;
    } catch {
      return null;
    }
  }
}

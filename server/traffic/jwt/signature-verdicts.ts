import type { JSONWebKeySet } from 'jose';
import type { SignatureCheck } from '../../oauth/keys/key-store';
import type { TrafficJwt } from '../traffic-entry';
import { PublishedKeyCheck } from './published-key-check';

/** What the traffic layer needs of the key store: the published keys and a signature check against them. */
export interface JwtKeys {
  jwks(): JSONWebKeySet;
  checkSignature(token: string): Promise<SignatureCheck>;
}

export type SignatureVerdict = TrafficJwt['signature'];

const maxCached = 512;

/**
 * Signature verdicts against Handshake's JWKS. A client sends the same access token on every MCP call, so verdicts are
 * remembered per token (in memory only) for as long as the JWKS stays the same document: a rotation or a key leaving
 * the JWKS makes every token be judged again.
 */
export class SignatureVerdicts {
  private readonly cache = new Map<string, SignatureVerdict>();
  private cachedFor: JSONWebKeySet | null = null;
  /** The JWKS's keys, imported once per JWKS document rather than once per token. */
  private quick: PublishedKeyCheck | null = null;

  constructor(private readonly keys: JwtKeys | undefined) {}

  /** The verdict at once when known, else a promise of it (never rejects). */
  verdict(token: string, header: Record<string, unknown>): SignatureVerdict | Promise<SignatureVerdict> {
    const keys = this.keys;
    if (!keys) return { verdict: 'not_checked', message: 'Not checked: no signing keys were given to the traffic recorder.' };
    const jwks = keys.jwks();
    if (jwks !== this.cachedFor) {
      this.cache.clear();
      this.cachedFor = jwks;
      this.quick = new PublishedKeyCheck(jwks);
    }
    const known = this.cache.get(token);
    if (known) return known;
    // The common case, a token Handshake signed, is settled at once; the key store's check explains any other.
    const kid = this.quick!.verifies(token, header);
    if (kid) return this.remember(token, jwks, verdictOf({ verified: true, kid }));
    return keys.checkSignature(token).then(
      (check) => this.remember(token, jwks, verdictOf(check)),
      (error: unknown) => ({ verdict: 'unsupported', message: `The signature could not be checked: ${(error as Error).message}` }),
    );
  }

  private remember(token: string, jwks: JSONWebKeySet, verdict: SignatureVerdict): SignatureVerdict {
    if (this.cache.size >= maxCached) this.cache.clear();
    if (this.cachedFor === jwks) this.cache.set(token, verdict);
    return verdict;
  }
}

function verdictOf(check: SignatureCheck): SignatureVerdict {
  if (check.verified) return { verdict: 'verified', message: `Verified with key "${check.kid}" from Handshake’s JWKS (/oauth/jwks.json).` };
  return { verdict: check.reason, message: check.message };
}

import {
  type CryptoKey,
  calculateJwkThumbprint,
  compactVerify,
  createLocalJWKSet,
  exportJWK,
  exportPKCS8,
  generateKeyPair,
  importPKCS8,
  type JSONWebKeySet,
  type JWK,
  type JWTHeaderParameters,
  type JWTPayload,
  SignJWT,
} from 'jose';
import type { SigningAlgorithm, SigningKeyRecord } from '../../store/records';
import type { Store } from '../../store/store';

/** What the control API and the UI may know of a key: never its private half. */
export interface SigningKeyView {
  kid: string;
  alg: SigningAlgorithm;
  createdAt: string;
  retiredAt: string | null;
  /** Until when the JWKS publishes it; null while it signs. */
  publishedUntil: string | null;
  /** Whether the JWKS publishes it now. */
  published: boolean;
  publicJwk: JWK;
}

export type SignatureCheck =
  | { verified: true; kid: string }
  | { verified: false; reason: 'unknown_kid' | 'retired_kid' | 'bad_signature' | 'unsupported'; message: string };

/** How long the JWKS may be cached: short enough that a rotation reaches verifiers within minutes. */
export const jwksMaxAgeSeconds = 300;

interface LoadedKey {
  record: SigningKeyRecord;
  privateKey: CryptoKey;
}

/**
 * The keys that sign Handshake's JWT access tokens and id_tokens: generated at first start, kept in the store
 * (private halves owner-only, sealed by the OS keychain in the desktop app), published as a JWKS. Rotation makes a
 * new key current; the old one stays published until the last token it signed has expired — or, on "retire now",
 * leaves the JWKS at once, which is what a bad rotation at an identity provider looks like to resource servers.
 */
export class KeyStore {
  private current!: LoadedKey;
  private jwksCache: { body: JSONWebKeySet; until: number } | null = null;

  private constructor(private readonly store: Store) {}

  static async open(store: Store): Promise<KeyStore> {
    const keys = new KeyStore(store);
    await keys.loadCurrent();
    return keys;
  }

  /** The JWKS document: every key still published, current first. */
  jwks(now = Date.now()): JSONWebKeySet {
    if (this.jwksCache && this.jwksCache.until > now) return this.jwksCache.body;
    const published = this.store.signingKeys.list().filter((record) => isPublished(record, now));
    published.sort((a, b) => Number(a.retiredAt !== null) - Number(b.retiredAt !== null));
    const body = { keys: published.map((record) => ({ ...record.publicJwk, kid: record.kid, alg: record.alg, use: 'sig' })) };
    const nextChange = Math.min(...published.map((record) => (record.publishedUntil ? Date.parse(record.publishedUntil) : Infinity)));
    this.jwksCache = { body, until: Math.min(nextChange, now + 60_000) };
    return body;
  }

  list(now = Date.now()): SigningKeyView[] {
    return this.store.signingKeys
      .list()
      .map((record) => ({
        kid: record.kid,
        alg: record.alg,
        createdAt: record.createdAt,
        retiredAt: record.retiredAt,
        publishedUntil: record.publishedUntil,
        published: isPublished(record, now),
        publicJwk: { ...record.publicJwk, kid: record.kid, alg: record.alg, use: 'sig' },
      }))
      .reverse();
  }

  get currentKid(): string {
    return this.current.record.kid;
  }

  get currentAlgorithm(): SigningAlgorithm {
    return this.current.record.alg;
  }

  /**
   * A new current key (the algorithm from Settings). The old key stays published `keepPublishedSeconds` (the longest
   * a token it signed can still live), or leaves the JWKS now when `retireNow`. Keys no longer published are dropped.
   */
  async rotate(options: { keepPublishedSeconds: number; retireNow?: boolean }): Promise<SigningKeyView> {
    const now = Date.now();
    const old = this.current.record;
    old.retiredAt = new Date(now).toISOString();
    old.publishedUntil = new Date(options.retireNow ? now : now + options.keepPublishedSeconds * 1000).toISOString();
    this.store.signingKeys.removeWhere((record) => record !== old && record.retiredAt !== null && !isPublished(record, now));
    await this.generate(now);
    this.jwksCache = null;
    await this.store.save();
    return this.list(now)[0];
  }

  /** Signs a JWT with the current key: `kid` and `alg` are set here, everything else by the caller. */
  async sign(payload: JWTPayload, header: Omit<JWTHeaderParameters, 'alg' | 'kid'> = {}): Promise<string> {
    const { record, privateKey } = this.current;
    return new SignJWT(payload).setProtectedHeader({ ...header, alg: record.alg, kid: record.kid }).sign(privateKey);
  }

  /** Whether a JWT's signature verifies with a key Handshake publishes (claims are judged elsewhere). */
  async checkSignature(token: string, now = Date.now()): Promise<SignatureCheck> {
    try {
      const { protectedHeader } = await compactVerify(token, createLocalJWKSet(this.jwks(now)));
      return { verified: true, kid: protectedHeader.kid ?? '' };
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === 'ERR_JWKS_NO_MATCHING_KEY') {
        const kid = headerKid(token);
        const retired = kid ? this.store.signingKeys.list().find((record) => record.kid === kid) : undefined;
        return retired
          ? {
              verified: false,
              reason: 'retired_kid',
              message: `kid "${kid}" was Handshake's key until ${retired.publishedUntil}; it is no longer in the JWKS, so verifiers answer "kid not found".`,
            }
          : {
              verified: false,
              reason: 'unknown_kid',
              message: `kid ${kid ? `"${kid}"` : '(none)'} is not a key Handshake publishes: this token was signed elsewhere.`,
            };
      }
      if (code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED')
        return { verified: false, reason: 'bad_signature', message: 'The signature does not verify with the key its kid names.' };
      return { verified: false, reason: 'unsupported', message: (error as Error).message };
    }
  }

  private async loadCurrent(): Promise<void> {
    const record = this.store.signingKeys.list().find((candidate) => candidate.retiredAt === null);
    if (!record) {
      await this.generate(Date.now());
      await this.store.save();
      return;
    }
    try {
      this.current = { record, privateKey: await importPKCS8(this.store.signingKeys.privatePem(record), record.alg) };
    } catch (error) {
      // A key this process cannot open (sealed by the desktop app's keychain, read headless) cannot sign: start a new
      // one and keep the old one published for a day, so tokens it signed keep verifying elsewhere.
      record.retiredAt = new Date().toISOString();
      record.publishedUntil = new Date(Date.now() + 24 * 60 * 60 * 1000).toISOString();
      this.unreadable = `The signing key ${record.kid} could not be opened (${(error as Error).message}); a new key signs from now on.`;
      await this.generate(Date.now());
      await this.store.save();
    }
  }

  /** Why the stored key could not be used at start, if it could not. */
  unreadable: string | null = null;

  private async generate(now: number): Promise<void> {
    const alg = this.store.settings.get().signingAlgorithm;
    const pair = await generateKeyPair(alg, { extractable: true, ...(alg === 'RS256' ? { modulusLength: 2048 } : {}) });
    const publicJwk = (await exportJWK(pair.publicKey)) as Record<string, string>;
    const kid = (await calculateJwkThumbprint(publicJwk)).slice(0, 16);
    const record = this.store.signingKeys.add(
      { kid, alg, publicJwk, createdAt: new Date(now).toISOString(), retiredAt: null, publishedUntil: null },
      await exportPKCS8(pair.privateKey),
    );
    this.current = { record, privateKey: pair.privateKey };
  }
}

function isPublished(record: SigningKeyRecord, now: number): boolean {
  return record.publishedUntil === null || Date.parse(record.publishedUntil) > now;
}

function headerKid(token: string): string | null {
  try {
    const header = JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString('utf8')) as { kid?: unknown };
    return typeof header.kid === 'string' ? header.kid : null;
  } catch {
    return null;
  }
}

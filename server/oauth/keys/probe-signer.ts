import { type CryptoKey, exportSPKI, generateKeyPair, type JWTPayload, SignJWT, UnsecuredJWT } from 'jose';
import { randomId } from '../../crypto/random-token';
import type { SigningAlgorithm } from '../../store/records';

/** The header fields a probe may set besides alg and kid (typ, mostly). */
export type ProbeHeader = Record<string, unknown>;

/**
 * Signs the deliberately bad tokens of the server check ("Check my MCP server"): arbitrary claims with the current key,
 * tokens from keys nobody publishes, `alg: none`, HS256 keyed with the public key. Only the key store hands one out
 * (`KeyStore.probeSigner`), only the server check asks for one, and nothing it signs is stored as a grant, so no
 * token of the real path ever comes from here. It holds the private key as a
 * CryptoKey handle and never exports it.
 */
export class ProbeSigner {
  constructor(private readonly current: { kid: string; alg: SigningAlgorithm; privateKey: CryptoKey; publicKey: CryptoKey }) {}

  get kid(): string {
    return this.current.kid;
  }

  /** The current key signs whatever claims the probe needs (expired, another audience, another issuer …). */
  withCurrentKey(payload: JWTPayload, header: ProbeHeader = {}): Promise<string> {
    return new SignJWT(payload)
      .setProtectedHeader({ ...header, alg: this.current.alg, kid: this.current.kid })
      .sign(this.current.privateKey);
  }

  /** A fresh key nobody publishes, under a kid no JWKS has. */
  async withUnknownKey(payload: JWTPayload, header: ProbeHeader = {}): Promise<string> {
    const { privateKey } = await generateKeyPair(this.current.alg);
    return new SignJWT(payload).setProtectedHeader({ ...header, alg: this.current.alg, kid: `probe-${randomId(6)}` }).sign(privateKey);
  }

  /** A fresh key nobody publishes, claiming the current key's kid: only a signature check tells them apart. */
  async withUntrustedKeyReusingKid(payload: JWTPayload, header: ProbeHeader = {}): Promise<string> {
    const { privateKey } = await generateKeyPair(this.current.alg);
    return new SignJWT(payload).setProtectedHeader({ ...header, alg: this.current.alg, kid: this.current.kid }).sign(privateKey);
  }

  /** `alg: none`, no signature (RFC 7519 §6, which no access-token verifier may accept). */
  unsigned(payload: JWTPayload, header: ProbeHeader = {}): string {
    const token = new UnsecuredJWT(payload).encode();
    const [, body] = token.split('.');
    const encodedHeader = Buffer.from(JSON.stringify({ ...header, alg: 'none', kid: this.current.kid })).toString('base64url');
    return `${encodedHeader}.${body}.`;
  }

  /**
   * The algorithm-confusion attack: HS256 whose secret is the published public key as PEM text. A verifier that picks
   * the algorithm from the token's header and hands the key to an HMAC accepts it.
   */
  async withPublicKeyAsHmacSecret(payload: JWTPayload, header: ProbeHeader = {}): Promise<string> {
    const pem = await exportSPKI(this.current.publicKey);
    return new SignJWT(payload).setProtectedHeader({ ...header, alg: 'HS256', kid: this.current.kid }).sign(new TextEncoder().encode(pem));
  }
}

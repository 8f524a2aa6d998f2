import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, errors, type JWTPayload, jwtVerify } from 'jose';
import type { AssertionKeys, ClientKeySource } from './assertion-keys';
import type { AssertionReplay } from './assertion-replay';

export const jwtBearerAssertionType = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** Asymmetric algorithms only: a shared-secret HS256 assertion (client_secret_jwt) is not private_key_jwt. */
export const clientAssertionAlgorithms = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
] as const;

/** Seconds of clock difference tolerated on exp, nbf and iat. */
const clockToleranceSeconds = 60;
/** An assertion may not live longer than this: it bounds how long its jti must be remembered. */
const maxLifetimeSeconds = 60 * 60;

/** Which check an assertion failed, and why in plain words (the traffic log's note). */
export interface AssertionFailure {
  code:
    | 'assertion_type_unsupported'
    | 'assertion_malformed'
    | 'assertion_alg_unsupported'
    | 'assertion_iss_mismatch'
    | 'assertion_sub_mismatch'
    | 'assertion_aud_mismatch'
    | 'assertion_exp_missing'
    | 'assertion_expired'
    | 'assertion_not_yet_valid'
    | 'assertion_lifetime_too_long'
    | 'assertion_jti_missing'
    | 'assertion_no_keys'
    | 'assertion_keys_unavailable'
    | 'assertion_signature_invalid'
    | 'assertion_replayed';
  message: string;
}

export interface AssertionCheck {
  assertionType: string | undefined;
  assertion: string;
  clientId: string;
  clientName: string;
  keySource: ClientKeySource | null;
  /** The algorithm the client's metadata names (token_endpoint_auth_signing_alg), if any. */
  signingAlg: string | undefined;
  /** What `aud` may be: the token endpoint URL (as advertised and as called) or the issuer; both are seen in the wild. */
  audiences: string[];
}

/**
 * RFC 7523 §3 client authentication (private_key_jwt): iss = sub = client_id, aud = the token endpoint or the issuer,
 * a present and unexpired exp, a single-use jti, and a signature by one of the client's keys. The claims are read
 * first for a precise diagnosis, then the signature is verified (jose) before the jti is spent.
 */
export async function verifyClientAssertion(
  check: AssertionCheck,
  keys: AssertionKeys,
  replay: AssertionReplay,
): Promise<AssertionFailure | null> {
  const { assertion, clientId } = check;
  if (check.assertionType !== jwtBearerAssertionType)
    return {
      code: 'assertion_type_unsupported',
      message: `client_assertion_type is ${JSON.stringify(check.assertionType ?? null)}; private_key_jwt needs "${jwtBearerAssertionType}".`,
    };
  let header: { alg?: string; kid?: string };
  let claims: JWTPayload;
  try {
    header = decodeProtectedHeader(assertion);
    claims = decodeJwt(assertion);
  } catch {
    return { code: 'assertion_malformed', message: 'client_assertion is not a signed JWT (header.payload.signature, base64url JSON).' };
  }
  const alg = header.alg ?? '';
  if (!(clientAssertionAlgorithms as readonly string[]).includes(alg) || (check.signingAlg && alg !== check.signingAlg))
    return {
      code: 'assertion_alg_unsupported',
      message: `The assertion is signed with ${JSON.stringify(alg)}; ${check.signingAlg ? `the client's metadata names ${check.signingAlg}` : `Handshake accepts ${clientAssertionAlgorithms.join(', ')}`}.`,
    };
  if (claims.iss !== clientId)
    return {
      code: 'assertion_iss_mismatch',
      message: `The assertion's iss is ${JSON.stringify(claims.iss ?? null)}, not the client_id ${clientId}.`,
    };
  if (claims.sub !== clientId)
    return {
      code: 'assertion_sub_mismatch',
      message: `The assertion's sub is ${JSON.stringify(claims.sub ?? null)}, not the client_id ${clientId}.`,
    };
  const audiences = Array.isArray(claims.aud) ? claims.aud : claims.aud === undefined ? [] : [claims.aud];
  if (!audiences.some((audience) => check.audiences.includes(audience)))
    return {
      code: 'assertion_aud_mismatch',
      message: `The assertion's aud is ${JSON.stringify(claims.aud ?? null)}; it must be the token endpoint or the issuer: ${check.audiences.join(' or ')}.`,
    };
  const now = Math.floor(Date.now() / 1000);
  if (typeof claims.exp !== 'number')
    return { code: 'assertion_exp_missing', message: 'The assertion has no exp (RFC 7523 §3 requires one).' };
  if (claims.exp + clockToleranceSeconds <= now)
    return {
      code: 'assertion_expired',
      message: `The assertion expired ${now - claims.exp} s ago (exp ${new Date(claims.exp * 1000).toISOString()}).`,
    };
  if (typeof claims.nbf === 'number' && claims.nbf - clockToleranceSeconds > now)
    return { code: 'assertion_not_yet_valid', message: `The assertion is not valid before ${new Date(claims.nbf * 1000).toISOString()}.` };
  if (claims.exp - now > maxLifetimeSeconds)
    return {
      code: 'assertion_lifetime_too_long',
      message: `The assertion is valid for ${claims.exp - now} s more; Handshake accepts at most ${maxLifetimeSeconds} s (its jti must be remembered that long).`,
    };
  if (typeof claims.jti !== 'string' || claims.jti === '')
    return { code: 'assertion_jti_missing', message: 'The assertion has no jti; each assertion needs a unique one (RFC 7523 §3).' };
  if (!check.keySource)
    return {
      code: 'assertion_no_keys',
      message: `Client "${check.clientName}" sent a client assertion but has no keys: its metadata names neither jwks nor jwks_uri.`,
    };

  const signature = await verifySignature(check, keys, false);
  if (signature) return signature;
  if (!replay.claim(clientId, claims.jti, claims.exp * 1000))
    return {
      code: 'assertion_replayed',
      message: `This assertion (jti ${JSON.stringify(claims.jti)}) was already used; each one is single use (RFC 7523 §3). A client must sign a new assertion for every request.`,
    };
  return null;
}

async function verifySignature(check: AssertionCheck, keys: AssertionKeys, again: boolean): Promise<AssertionFailure | null> {
  const found = await keys.keysFor(check.clientId, check.keySource!, again);
  if (!found.ok)
    return {
      code: 'assertion_keys_unavailable',
      message: `The keys of client "${check.clientName}" could not be read: ${found.problem}.`,
    };
  const options = { algorithms: [...clientAssertionAlgorithms], clockTolerance: clockToleranceSeconds };
  try {
    await jwtVerify(check.assertion, createLocalJWKSet(found.keys), options);
    return null;
  } catch (error) {
    // Several keys fit (no kid): jose hands them over to try one by one.
    if (error instanceof errors.JWKSMultipleMatchingKeys) {
      for await (const key of error as unknown as AsyncIterable<CryptoKey>) {
        if (
          await jwtVerify(check.assertion, key, options).then(
            () => true,
            () => false,
          )
        )
          return null;
      }
    }
    const noKey = error instanceof errors.JWKSNoMatchingKey;
    const failed = noKey || error instanceof errors.JWSSignatureVerificationFailed || error instanceof errors.JWKSMultipleMatchingKeys;
    // Cached keys that do not fit may be stale (a rotated key): fetch once more, never more than once.
    if (failed && !found.fresh && !again) return verifySignature(check, keys, true);
    const where = check.keySource?.jwksUri ?? 'its jwks';
    return {
      code: 'assertion_signature_invalid',
      message: noKey
        ? `No key of client "${check.clientName}" (${where}) matches the assertion's kid and algorithm: it was signed with another key.`
        : `The assertion's signature does not verify with the keys of client "${check.clientName}" (${where}): it was signed with another key, or altered.`,
    };
  }
}

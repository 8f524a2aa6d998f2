import { timingSafeEqual } from 'node:crypto';
import { sha256 } from '../crypto/random-token';

/** RFC 7636 §4.1–4.2: 43–128 characters of [A-Z a-z 0-9 - . _ ~]; an S256 challenge is 43 base64url characters. */
export const codeVerifierPattern = /^[A-Za-z0-9._~-]{43,128}$/;
export const s256ChallengePattern = /^[A-Za-z0-9_-]{43}$/;

/** Why a challenge sent to the authorization endpoint is refused, or null. Only S256 is supported (OAuth 2.1 §4.1.1). */
export function challengeProblem(challenge: string | undefined, method: string | undefined): string | null {
  if (challenge === undefined) return method === undefined ? null : 'code_challenge_method was sent without a code_challenge';
  if (method === undefined) return 'code_challenge_method is missing; it defaults to plain, which is not supported — send S256';
  if (method !== 'S256') return `code_challenge_method "${method}" is not supported; only S256 is`;
  if (!s256ChallengePattern.test(challenge)) return 'code_challenge is not 43 base64url characters (the SHA-256 of the verifier)';
  return null;
}

/** BASE64URL(SHA256(verifier)) equals the challenge, compared in constant time. */
export function verifierMatches(verifier: string, challenge: string): boolean {
  const computed = Buffer.from(sha256(verifier));
  const expected = Buffer.from(challenge);
  return computed.length === expected.length && timingSafeEqual(computed, expected);
}

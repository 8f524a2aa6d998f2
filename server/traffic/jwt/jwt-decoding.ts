import { decodeJwt, decodeProtectedHeader } from 'jose';

/** Compact JWS whose header and payload are JSON objects (base64url of `{"` starts with `eyJ`). */
const compactJwt = /^eyJ[A-Za-z0-9_-]+\.eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*$/;

/** Cheap enough for every value met: most strings fail at the first three characters. */
export function looksLikeJwt(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith('eyJ') && value.length < 16_384 && compactJwt.test(value);
}

export interface DecodedJwt {
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
}

/** Header and claims, unverified; null when either is not a JSON object. */
export function decodeUnverified(token: string): DecodedJwt | null {
  try {
    return { header: { ...decodeProtectedHeader(token) }, claims: { ...decodeJwt(token) } };
  } catch {
    return null;
  }
}

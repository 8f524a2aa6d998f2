import { createHmac, randomBytes } from 'node:crypto';
import { constantTimeEqual } from '../crypto/random-token';
import { carriedParameters } from '../oauth/authorization-request';

export const csrfCookieName = 'hs_login';

/**
 * Double-submit CSRF for the login form: a random nonce in an HttpOnly cookie, and in the form an
 * HMAC binding that nonce to the authorize request, so a forged or altered form is refused.
 */
export function newCsrfNonce(): string {
  return randomBytes(16).toString('base64url');
}

export function csrfToken(key: Buffer, nonce: string, request: Record<string, string>): string {
  const bound = carriedParameters.map((name) => `${name}=${request[name] ?? ''}`).join('\n');
  return createHmac('sha256', key).update(`${nonce}\n${bound}`).digest('base64url');
}

export function verifyCsrf(
  key: Buffer,
  nonce: string | undefined,
  request: Record<string, string>,
  presented: string | undefined,
): boolean {
  if (!nonce || !presented) return false;
  return constantTimeEqual(csrfToken(key, nonce, request), presented);
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}

import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { readCookie } from './login-csrf';

/**
 * "This browser has signed into this account before" (OWASP's device cookie): set after a successful sign-in, one
 * per account, HttpOnly, an HMAC of the account under the per-process form key. A browser that carries it is not
 * held back by the slow-down that many failures from many addresses put on the account (login-throttle.ts), so
 * guessing from elsewhere cannot keep the owner out.
 */
export function deviceCookieName(email: string): string {
  return `hs_device_${createHash('sha256').update(email.toLowerCase()).digest('hex').slice(0, 16)}`;
}

function deviceMac(key: Buffer, email: string): string {
  return createHmac('sha256', key).update(`device\n${email.toLowerCase()}`).digest('base64url');
}

export function deviceCookie(key: Buffer, email: string, secure: boolean): string {
  const maxAge = 60 * 60 * 24 * 180;
  return `${deviceCookieName(email)}=${deviceMac(key, email)}; Path=/oauth; Max-Age=${maxAge}; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
}

export function isTrustedDevice(key: Buffer, cookieHeader: string | undefined, email: string): boolean {
  if (email === '') return false;
  const presented = readCookie(cookieHeader, deviceCookieName(email));
  if (!presented) return false;
  const expected = Buffer.from(deviceMac(key, email));
  const given = Buffer.from(presented);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

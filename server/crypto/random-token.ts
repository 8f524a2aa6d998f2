import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 256 random bits, base64url, with a readable prefix so a misplaced token can be named in a diagnosis. */
export function randomToken(prefix: string, bytes = 32): string {
  return `${prefix}${randomBytes(bytes).toString('base64url')}`;
}

export function randomId(bytes = 12): string {
  return randomBytes(bytes).toString('base64url');
}

export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('base64url');
}

/** Constant-time string comparison: hashing first makes the lengths equal, so nothing leaks through timing. */
export function constantTimeEqual(a: string, b: string): boolean {
  const left = createHash('sha256').update(a).digest();
  const right = createHash('sha256').update(b).digest();
  return timingSafeEqual(left, right) && a.length === b.length;
}

/** What the UI and the traffic log show in place of a secret: its last 4 characters, or nothing when it is too short to spare them. */
export function fingerprint(secret: string): string {
  return secret.length >= 8 ? `•••• ${secret.slice(-4)}` : '••••';
}

export const tokenPrefixes = { access: 'hsa_', refresh: 'hsr_', code: 'hsc_', secret: 'hss_' } as const;

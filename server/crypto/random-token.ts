export { fingerprint } from './fingerprint';

import crypto, { createHash, randomBytes, randomFillSync, timingSafeEqual } from 'node:crypto';

/**
 * Random bytes are drawn from the OS a page at a time and handed out once each, as crypto.randomUUID does: one
 * getrandom call per hundred tokens instead of one per token, on the token endpoint's hot path.
 */
const randomPool = Buffer.allocUnsafeSlow(4096);
let randomPoolOffset = randomPool.length;

function freshRandomBytes(count: number): Buffer {
  if (count > randomPool.length) return randomBytes(count);
  if (randomPoolOffset + count > randomPool.length) {
    randomFillSync(randomPool);
    randomPoolOffset = 0;
  }
  const bytes = randomPool.subarray(randomPoolOffset, randomPoolOffset + count);
  randomPoolOffset += count;
  return bytes;
}

/** 256 random bits, base64url, with a readable prefix so a misplaced token can be named in a diagnosis. */
export function randomToken(prefix: string, bytes = 32): string {
  return `${prefix}${freshRandomBytes(bytes).toString('base64url')}`;
}

export function randomId(bytes = 12): string {
  return freshRandomBytes(bytes).toString('base64url');
}

/** One-shot crypto.hash costs half of createHash().update().digest(); it arrived in Node 20.12 and 22.0. */
const oneShotHash = typeof crypto.hash === 'function' ? crypto.hash : null;

export function sha256Digest(value: string): Buffer {
  return oneShotHash ? oneShotHash('sha256', value, 'buffer') : createHash('sha256').update(value).digest();
}

export function sha256(value: string): string {
  return oneShotHash ? oneShotHash('sha256', value, 'base64url') : createHash('sha256').update(value).digest('base64url');
}

/** Constant-time string comparison: hashing first makes the lengths equal, so nothing leaks through timing. */
export function constantTimeEqual(a: string, b: string): boolean {
  return timingSafeEqual(sha256Digest(a), sha256Digest(b)) && a.length === b.length;
}

/** Digests of the few expected values (the classic client's id and secret) that every token request compares with. */
const expectedDigests = new Map<string, Buffer>();

/**
 * constantTimeEqual for a presented value against a configured one, hashing only the presented value: the expected
 * one's digest is kept. Only `expected` is ever cached, so the time taken says nothing about what was presented.
 */
export function matchesExpected(presented: string, expected: string): boolean {
  let digest = expectedDigests.get(expected);
  if (!digest) {
    if (expectedDigests.size >= 16) expectedDigests.clear();
    digest = sha256Digest(expected);
    expectedDigests.set(expected, digest);
  }
  return timingSafeEqual(sha256Digest(presented), digest) && presented.length === expected.length;
}

export const tokenPrefixes = { access: 'hsa_', refresh: 'hsr_', code: 'hsc_', secret: 'hss_' } as const;

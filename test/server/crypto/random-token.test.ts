import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { constantTimeEqual, randomId, randomToken, sha256, sha256Digest } from '../../../server/crypto/random-token';

describe('random tokens drawn from the pooled OS randomness', () => {
  it('never hands out the same bytes twice, across many refills of the pool', () => {
    // 32 bytes each: 128 tokens per 4 KiB page, so 5,000 tokens cross the refill about 40 times.
    const tokens = Array.from({ length: 5000 }, () => randomToken('hsr_'));
    expect(new Set(tokens).size).toBe(tokens.length);
    for (const token of tokens) expect(token).toMatch(/^hsr_[A-Za-z0-9_-]{43}$/);
    const ids = Array.from({ length: 5000 }, () => randomId(9));
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{12}$/);
  });

  it('serves sizes that straddle a refill and sizes larger than the pool', () => {
    const odd = Array.from({ length: 1000 }, () => randomId(31));
    expect(new Set(odd).size).toBe(odd.length);
    const large = randomToken('x_', 10_000);
    expect(Buffer.from(large.slice(2), 'base64url')).toHaveLength(10_000);
  });

  it('spreads its bits: every base64url character shows up, none dominates', () => {
    const counts = new Map<string, number>();
    const text = Array.from({ length: 2000 }, () => randomId(48)).join('');
    for (const character of text) counts.set(character, (counts.get(character) ?? 0) + 1);
    expect(counts.size).toBe(64);
    const expected = text.length / 64;
    for (const count of counts.values()) expect(Math.abs(count - expected)).toBeLessThan(expected * 0.25);
  });
});

describe('hashing and comparing', () => {
  it('sha256 is base64url SHA-256, the digest its bytes', () => {
    for (const value of ['', 'hsr_abc', 'ünïcødé ✓', 'x'.repeat(10_000)]) {
      expect(sha256(value)).toBe(createHash('sha256').update(value).digest('base64url'));
      expect(sha256Digest(value).equals(createHash('sha256').update(value).digest())).toBe(true);
    }
  });

  it('constantTimeEqual compares whole strings of any length', () => {
    expect(constantTimeEqual('secret-value', 'secret-value')).toBe(true);
    expect(constantTimeEqual('secret-value', 'secret-valuf')).toBe(false);
    expect(constantTimeEqual('secret', 'secret-value')).toBe(false);
    expect(constantTimeEqual('', '')).toBe(true);
  });
});

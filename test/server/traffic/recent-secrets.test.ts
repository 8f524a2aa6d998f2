import { describe, expect, it } from 'vitest';
import { RecentSecrets } from '../../../server/traffic/recent-secrets';

describe('RecentSecrets: secrets of earlier exchanges, masked in later free text', () => {
  const recent = new RecentSecrets();
  recent.remember('hsc_code0123456789', '•••• 6789');
  recent.remember('tok-ABCDEF', '•••• CDEF');

  it('masks a remembered secret as a whole word, wherever it stands', () => {
    expect(recent.mask('hsc_code0123456789')).toBe('•••• 6789');
    expect(recent.mask('hsc_code0123456789 was used')).toBe('•••• 6789 was used');
    expect(recent.mask('the code hsc_code0123456789')).toBe('the code •••• 6789');
    expect(recent.mask('{"error_description":"code hsc_code0123456789 was already used"}')).toBe(
      '{"error_description":"code •••• 6789 was already used"}',
    );
    expect(recent.mask('a=tok-ABCDEF&b=hsc_code0123456789')).toBe('a=•••• CDEF&b=•••• 6789');
    expect(recent.mask('«tok-ABCDEF»')).toBe('«•••• CDEF»');
  });

  it('leaves a text alone when the secret is only part of a longer word', () => {
    for (const text of ['xhsc_code0123456789', 'hsc_code0123456789.', 'tok-ABCDEFG and more', 'pre-tok-ABCDEF']) {
      expect(recent.mask(text)).toBe(text);
    }
  });

  it('returns texts without remembered words unchanged, short ones included', () => {
    for (const text of ['', 'abc', 'nothing secret in here at all', '/oauth/token', 'ünïcødé wörds ✓'])
      expect(recent.mask(text)).toBe(text);
  });

  it('forgets the oldest secrets beyond its capacity', () => {
    const small = new RecentSecrets(2);
    small.remember('first-secret', 'M1');
    small.remember('second-secret', 'M2');
    small.remember('third-secret', 'M3');
    expect(small.mask('first-secret second-secret third-secret')).toBe('first-secret M2 M3');
  });
});

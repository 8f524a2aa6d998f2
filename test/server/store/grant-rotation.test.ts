import { applyRotation, replacedAccessTokensKept, rotatedHashesKept } from '../../../server/store/grant-rotation';
import type { GrantRecord } from '../../../server/store/records';

const start = Date.parse('2026-12-07T12:00:00.000Z');
const at = (ms: number) => new Date(start + ms).toISOString();

function grant(): GrantRecord {
  return {
    accessTokenHash: 'a0',
    accessTokenExpiresAt: at(3_600_000),
    refreshTokenHash: 'r0',
    refreshTokenExpiresAt: at(86_400_000),
    previousRefreshTokenHashes: [],
    previousAccessTokens: [],
  } as unknown as GrantRecord;
}

function refresh(record: GrantRecord, n: number, ttlMs = 3_600_000) {
  return applyRotation(record, {
    grantId: 'g',
    rotatedOutHash: record.refreshTokenHash,
    accessTokenHash: `a${n}`,
    accessTokenExpiresAt: at(n * 1000 + ttlMs),
    refreshTokenHash: `r${n}`,
    refreshTokenExpiresAt: at(n * 1000 + 86_400_000),
    refreshedAt: at(n * 1000),
  });
}

test('a client refreshing in a loop keeps only the newest replaced access tokens valid, and the grant stays bounded', () => {
  const record = grant();
  const forgotten: string[] = [];
  for (let n = 1; n <= 80; n++) forgotten.push(...refresh(record, n).access);
  expect(record.previousAccessTokens).toHaveLength(replacedAccessTokensKept);
  expect(record.previousAccessTokens[0].hash).toBe('a79');
  expect(record.previousAccessTokens.at(-1)?.hash).toBe(`a${79 - replacedAccessTokensKept + 1}`);
  // The ones pushed out are handed back, so the repository drops them from its index.
  expect(forgotten).toEqual(Array.from({ length: 80 - replacedAccessTokensKept }, (_, i) => `a${i}`));
  expect(record.previousRefreshTokenHashes).toHaveLength(rotatedHashesKept);
});

test('a replaced access token that has expired is forgotten at the next refresh, whatever the bound', () => {
  const record = grant();
  refresh(record, 1, 5_000);
  refresh(record, 2, 5_000);
  expect(record.previousAccessTokens.map((token) => token.hash)).toEqual(['a1', 'a0']);
  // At 10 s, a2 (replaced now) and a1 expired at 7 s and 6 s; a0 lives until 3600 s.
  expect(refresh(record, 10).access).toEqual(['a2', 'a1']);
  expect(record.previousAccessTokens.map((token) => token.hash)).toEqual(['a0']);
});

import { z } from 'zod';
import type { GrantRotation } from './grant-rotation';
import type { CodeRecord, GrantRecord } from './records';
import type { StoreChanges } from './store-changes';

const grantObject = z.object({
  id: z.string(),
  clientId: z.string(),
  userId: z.string(),
  scope: z.string(),
  flowId: z.string(),
  createdAt: z.string(),
  accessTokenHash: z.string(),
  accessTokenExpiresAt: z.string(),
  refreshTokenHash: z.string(),
  refreshTokenExpiresAt: z.string(),
  previousRefreshTokenHashes: z.array(z.string()),
  refreshedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  revokedReason: z.string().nullable(),
  // Lines written before these fields existed read as a grant without audience or replaced access tokens.
  resources: z.array(z.string()).default([]),
  previousAccessTokens: z.array(z.object({ hash: z.string(), expiresAt: z.string() })).default([]),
});
const grantShape: z.ZodType<GrantRecord, z.input<typeof grantObject>> = grantObject;

const codeShape: z.ZodType<CodeRecord, unknown> = z.object({
  codeHash: z.string(),
  clientId: z.string(),
  userId: z.string(),
  redirectUri: z.string(),
  scope: z.string(),
  flowId: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
  usedAt: z.string().nullable(),
  grantId: z.string().nullable(),
  codeChallenge: z.string().nullable().default(null),
  resources: z.array(z.string()).default([]),
  nonce: z.string().nullable().default(null),
  authTime: z.number().nullable().default(null),
});

/** A rotation carries the grant's new token fields, the grant it belongs to and the hash it rotated out. */
const rotationShape: z.ZodType<GrantRotation> = grantObject
  .pick({ accessTokenHash: true, accessTokenExpiresAt: true, refreshTokenHash: true, refreshTokenExpiresAt: true })
  .extend({ grantId: z.string(), rotatedOutHash: z.string(), refreshedAt: z.string() });

const entryShape = z.object({
  epoch: z.number().int().nonnegative(),
  grants: z.array(grantShape).optional(),
  codes: z.array(codeShape).optional(),
  rotations: z.array(rotationShape).optional(),
});

/**
 * One line of the journal: the records and rotations one group commit changed, and the epoch of the snapshot they follow.
 * A snapshot's epoch is one more than the last; lines of an older epoch are already in it.
 */
export interface JournalEntry extends StoreChanges {
  epoch: number;
}

export function formatJournalEntry(epoch: number, changes: StoreChanges): string {
  return `${JSON.stringify({ epoch, ...changes })}\n`;
}

/** The entry, or why the line is not one. */
export function parseJournalEntry(line: string): JournalEntry | string {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    return `it is not JSON (${(error as Error).message})`;
  }
  const entry = entryShape.safeParse(value);
  if (entry.success) return entry.data;
  const issue = entry.error.issues[0];
  return `it does not look like a journal entry (${issue?.path.join('.') || 'root'}: ${issue?.message})`;
}

import type { StoreData } from './records';

/** Why a grant was revoked at start: see closeUnappliedChanges. */
export const journalLostReason = 'journal_lost';

/**
 * Closes what journal lines that could not be applied leave open. Such a line may have rotated a grant's refresh
 * token (the client holds the new one, which the data does not know, while the one it rotated out would work
 * again) or exchanged a code (which would look unused and could be exchanged a second time). Every grant and every
 * unused code the lines name is therefore revoked or marked used: the user signs in again, and no token the client
 * had already given up comes back to life. `text`: the lines from the first one not applied on, as read (a damaged
 * line is searched as text, since it cannot be parsed).
 */
export function closeUnappliedChanges(data: StoreData, text: string, now = new Date().toISOString()): { grants: number; codes: number } {
  let grants = 0;
  let codes = 0;
  for (const grant of data.grants) {
    if (grant.revokedAt || !text.includes(grant.id)) continue;
    grant.revokedAt = now;
    grant.revokedReason = journalLostReason;
    grants++;
  }
  for (const code of data.codes) {
    if (code.usedAt || !text.includes(code.codeHash)) continue;
    code.usedAt = now;
    codes++;
  }
  return { grants, codes };
}

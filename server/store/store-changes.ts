import type { GrantRotation } from './grant-rotation';
import type { CodeRecord, GrantRecord } from './records';

/**
 * What a hot save changed: grants and codes, whole records, added or updated (never removed — removing one needs a
 * snapshot), and refreshes as rotations (a few hashes instead of the whole grant). `store.save(changes)` may write
 * only these instead of the whole store.
 */
export interface StoreChanges {
  grants?: GrantRecord[];
  codes?: CodeRecord[];
  rotations?: GrantRotation[];
}

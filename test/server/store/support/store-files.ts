import { copyFileSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { storeFileName } from '../../../../server/store/database';
import type { GrantRotation } from '../../../../server/store/grant-rotation';
import { journalFileName } from '../../../../server/store/journal';
import type { CodeRecord, GrantRecord, StoreData } from '../../../../server/store/records';

/** The snapshot and the journal of a data folder, as files. */

export const snapshotPath = (dataDir: string) => join(dataDir, storeFileName);
export const journalPath = (dataDir: string) => join(dataDir, journalFileName);

export function readSnapshot(dataDir: string): StoreData & { journalEpoch: number } {
  return JSON.parse(readFileSync(snapshotPath(dataDir), 'utf8'));
}

export function journalText(dataDir: string): string {
  return existsSync(journalPath(dataDir)) ? readFileSync(journalPath(dataDir), 'utf8') : '';
}

export interface JournalLine {
  epoch: number;
  grants?: GrantRecord[];
  codes?: CodeRecord[];
  rotations?: GrantRotation[];
}

/** The complete lines, parsed. */
export function journalLines(dataDir: string): JournalLine[] {
  return journalText(dataDir)
    .split('\n')
    .slice(0, -1)
    .map((line) => JSON.parse(line));
}

/**
 * The store files as a kill -9 would leave them at this moment, copied into a new folder: the running core is not
 * stopped, so no shutdown snapshot hides what the journal holds. Start a core on the copy to see what a restart loads.
 */
export function crashCopy(dataDir: string): string {
  const copy = mkdtempSync(join(tmpdir(), 'handshake-crash-copy-'));
  for (const name of [storeFileName, journalFileName]) {
    if (existsSync(join(dataDir, name))) copyFileSync(join(dataDir, name), join(copy, name));
  }
  return copy;
}

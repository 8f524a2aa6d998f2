import type { CodeRecord, GrantRecord, StoreData } from './records';

/**
 * What a hot save changed: grants and codes, whole records, added or updated (never removed — removing one needs a
 * snapshot). `store.save(changes)` may write only these instead of the whole store.
 */
export interface StoreChanges {
  grants?: GrantRecord[];
  codes?: CodeRecord[];
}

/** Upserts grants by id and codes by codeHash, in order: applying the same changes twice leaves the same data. */
export function applyChanges(data: StoreData, changes: StoreChanges[]): void {
  const grantAt = new Map(data.grants.map((grant, index) => [grant.id, index]));
  const codeAt = new Map(data.codes.map((code, index) => [code.codeHash, index]));
  for (const change of changes) {
    for (const grant of change.grants ?? []) upsert(data.grants, grantAt, grant.id, grant);
    for (const code of change.codes ?? []) upsert(data.codes, codeAt, code.codeHash, code);
  }
}

function upsert<T>(records: T[], at: Map<string, number>, key: string, record: T): void {
  const index = at.get(key);
  if (index !== undefined) records[index] = record;
  else at.set(key, records.push(record) - 1);
}

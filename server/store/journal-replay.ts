import { applyRotation } from './grant-rotation';
import type { CodeRecord, GrantRecord, StoreData } from './records';
import type { StoreChanges } from './store-changes';

/**
 * Applies journal entries to the snapshot's data, in order. Whole records are upserts (grants by id, codes by
 * codeHash): applying one twice leaves the same data. A rotation is not: it applies only when it follows the grant
 * (the hash it rotated out is the grant's current one), so one applied twice, out of order or after a lost line is
 * refused instead of bending the grant's history.
 */
export class JournalReplay {
  private readonly grantAt: Map<string, number>;
  private readonly codeAt: Map<string, number>;

  constructor(private readonly data: StoreData) {
    this.grantAt = new Map(data.grants.map((grant, index) => [grant.id, index]));
    this.codeAt = new Map(data.codes.map((code, index) => [code.codeHash, index]));
  }

  /** Applies the whole entry, or nothing of it and says why it does not follow the data. */
  apply(changes: StoreChanges): string | null {
    const rotations = changes.rotations ?? [];
    // Checked before anything is applied; several rotations of one grant in an entry follow each other.
    const current = new Map<string, string>();
    for (const rotation of rotations) {
      const grant = this.grant(rotation.grantId);
      if (!grant) return `it rotates grant ${rotation.grantId}, which the data does not hold`;
      if (rotation.rotatedOutHash !== (current.get(grant.id) ?? grant.refreshTokenHash)) {
        return `it rotates grant ${grant.id} from a refresh token that is not the grant's current one (a line applied twice, out of order, or one before it lost)`;
      }
      current.set(grant.id, rotation.refreshTokenHash);
    }
    for (const rotation of rotations) applyRotation(this.grant(rotation.grantId)!, rotation);
    // Whole records are the state at their commit, so they go after the entry's rotations.
    for (const grant of changes.grants ?? []) upsert(this.data.grants, this.grantAt, grant.id, grant);
    for (const code of changes.codes ?? []) upsert(this.data.codes, this.codeAt, code.codeHash, code);
    return null;
  }

  private grant(id: string): GrantRecord | undefined {
    const index = this.grantAt.get(id);
    return index === undefined ? undefined : this.data.grants[index];
  }
}

function upsert<T extends GrantRecord | CodeRecord>(records: T[], at: Map<string, number>, key: string, record: T): void {
  const index = at.get(key);
  if (index !== undefined) records[index] = record;
  else at.set(key, records.push(record) - 1);
}

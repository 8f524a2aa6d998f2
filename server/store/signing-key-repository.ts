import type { SecretBox } from '../core/core-types';
import type { Database } from './database';
import type { SigningKeyRecord } from './records';

const sealedPrefix = 'sealed:';

/** Persistence of the signing keys, private halves sealed with the OS keychain when there is one; rules live in KeyStore. */
export class SigningKeyRepository {
  constructor(
    private readonly db: Database,
    private readonly box: SecretBox | undefined,
  ) {}

  list(): readonly SigningKeyRecord[] {
    return this.db.data.signingKeys;
  }

  /** Adds a key; its private PEM is sealed at rest when the keychain can. Save the store afterwards. */
  add(record: Omit<SigningKeyRecord, 'privateKey'>, privatePem: string): SigningKeyRecord {
    const privateKey = this.box?.encrypted ? `${sealedPrefix}${this.box.seal(privatePem)}` : privatePem;
    const stored = { ...record, privateKey };
    this.db.data.signingKeys.push(stored);
    return stored;
  }

  /** The private PEM of a key; throws when it was sealed by a keychain this process cannot open. */
  privatePem(record: SigningKeyRecord): string {
    if (!record.privateKey.startsWith(sealedPrefix)) return record.privateKey;
    if (!this.box?.encrypted) throw new Error('it was encrypted by the desktop app’s keychain, which is not available in this mode');
    return this.box.open(record.privateKey.slice(sealedPrefix.length));
  }

  /** Drops keys no longer published; returns how many. */
  removeWhere(unwanted: (record: SigningKeyRecord) => boolean): number {
    const before = this.db.data.signingKeys.length;
    this.db.data.signingKeys = this.db.data.signingKeys.filter((record) => !unwanted(record));
    const removed = before - this.db.data.signingKeys.length;
    if (removed > 0) this.db.requireSnapshot();
    return removed;
  }
}

import { randomToken, sha256, tokenPrefixes } from '../crypto/random-token';
import type { Database } from './database';
import type { CodeRecord } from './records';

/** How long a used or expired code is remembered, so a replay can be named as one. */
const rememberForMs = 60 * 60 * 1000;

export class CodeRepository {
  private readonly byHash = new Map<string, CodeRecord>();

  constructor(private readonly db: Database) {
    for (const code of db.data.codes) this.byHash.set(code.codeHash, code);
  }

  /** The code to hand out, and its record to save. */
  issue(
    input: Omit<
      CodeRecord,
      'codeHash' | 'createdAt' | 'expiresAt' | 'usedAt' | 'grantId' | 'codeChallenge' | 'resources' | 'nonce' | 'authTime'
    > &
      Partial<Pick<CodeRecord, 'codeChallenge' | 'resources' | 'nonce' | 'authTime'>>,
    ttlSeconds: number,
  ): { code: string; record: CodeRecord } {
    this.prune();
    const code = randomToken(tokenPrefixes.code);
    const now = Date.now();
    const record: CodeRecord = {
      ...input,
      codeChallenge: input.codeChallenge ?? null,
      resources: input.resources ?? [],
      nonce: input.nonce ?? null,
      authTime: input.authTime ?? null,
      codeHash: sha256(code),
      createdAt: new Date(now).toISOString(),
      expiresAt: new Date(now + ttlSeconds * 1000).toISOString(),
      usedAt: null,
      grantId: null,
    };
    this.db.data.codes.push(record);
    this.byHash.set(record.codeHash, record);
    return { code, record };
  }

  find(code: string): CodeRecord | undefined {
    return this.byHash.get(sha256(code));
  }

  /** Synchronous on purpose: check-and-mark cannot interleave with another exchange of the same code. */
  consume(record: CodeRecord, grantId: string): void {
    record.usedAt = new Date().toISOString();
    record.grantId = grantId;
  }

  private prune(): void {
    const cutoff = Date.now() - rememberForMs;
    if (this.db.data.codes.some((code) => Date.parse(code.expiresAt) < cutoff)) {
      this.filter((code) => Date.parse(code.expiresAt) >= cutoff);
    }
  }

  private filter(keep: (code: CodeRecord) => boolean): void {
    this.db.requireSnapshot();
    this.db.data.codes = this.db.data.codes.filter((code) => {
      if (keep(code)) return true;
      this.byHash.delete(code.codeHash);
      return false;
    });
  }
}

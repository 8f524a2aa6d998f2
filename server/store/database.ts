import { existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import { z } from 'zod';
import { defaultSettings, settingsSchema } from '../settings/settings';
import type { GrantRotation } from './grant-rotation';
import { Journal, journalCompactBytes, journalFileName, readJournal } from './journal';
import { formatJournalEntry } from './journal-entry';
import { JournalReplay } from './journal-replay';
import { moveAside } from './move-aside';
import { makeOwnerOnly } from './owner-only';
import type { CodeRecord, GrantRecord, StoreData } from './records';
import type { StoreChanges } from './store-changes';
import { closeUnappliedChanges } from './unapplied-journal';

export const storeFileName = 'handshake.json';

const storeShape = z.object({
  version: z.literal(1),
  settings: z.record(z.string(), z.unknown()),
  client: z.object({ id: z.string(), secret: z.string() }).passthrough(),
  users: z.array(z.object({ id: z.string(), email: z.string(), passwordHash: z.string() }).passthrough()),
  codes: z.array(z.object({ codeHash: z.string() }).passthrough()),
  grants: z.array(z.object({ id: z.string(), accessTokenHash: z.string(), refreshTokenHash: z.string() }).passthrough()),
  todos: z.array(z.unknown()).optional(),
  clients: z.array(z.object({ id: z.string(), kind: z.string() }).passthrough()).optional(),
  signingKeys: z.array(z.object({ kid: z.string(), privateKey: z.string() }).passthrough()).optional(),
  journalEpoch: z.number().int().nonnegative().optional(),
});

/** What the saves of one event-loop turn asked for. */
interface Batch {
  promise: Promise<void>;
  full: boolean;
  grants: Set<GrantRecord>;
  codes: Set<CodeRecord>;
  rotations: GrantRotation[];
}

/**
 * The store on disk: a snapshot (`handshake.json`, the whole store, written atomically by temp file + rename as
 * lowdb writes) and a journal next to it (`handshake.journal`, NDJSON) of the grants and codes changed since, and of
 * the refreshes as rotations.
 * Callers mutate `data` synchronously, then await `write()`, which resolves once their change is on disk.
 * A file that cannot be read or does not look like ours is moved aside, never overwritten.
 */
export class Database {
  private readonly tempFile: string;
  private batch: Batch | null = null;
  /** Set when a change the journal cannot carry (a removal, a failed append) waits for the next snapshot. */
  private snapshotRequired: boolean;

  private constructor(
    private readonly low: Low<StoreData>,
    readonly file: string,
    /** False on first run (and after a corrupt file was moved aside). */
    readonly existed: boolean,
    private journal: Journal | null,
    /** The epoch of the snapshot on disk; journal lines carry the epoch of the snapshot they follow. */
    private epoch: number,
  ) {
    this.tempFile = join(dirname(file), `.${basename(file)}.tmp`);
    // Left by a write that was cut off; it would also keep its old mode through the next write.
    rmSync(this.tempFile, { force: true });
    // Journal lines must follow a snapshot on disk.
    this.snapshotRequired = !existed;
  }

  get data(): StoreData {
    return this.low.data;
  }

  static async open(dataDir: string, fresh: () => StoreData, log: (line: string) => void): Promise<Database> {
    makeOwnerOnly(dataDir);
    const file = join(dataDir, storeFileName);
    let existed = existsSync(file);
    const low = new Low<StoreData>(new JSONFile<StoreData>(file), fresh());
    let epoch = 0;
    let problem: string | null = null;
    try {
      await low.read();
      const shape = storeShape.safeParse(low.data);
      if (!shape.success) problem = `it does not look like a Handshake store (${shape.error.issues[0]?.path.join('.') || 'root'})`;
      else {
        const settings = settingsSchema.safeParse({
          ...defaultSettings,
          ...low.data.settings,
          manifest: { ...defaultSettings.manifest, ...(low.data.settings.manifest ?? {}) },
        });
        if (!settings.success) problem = `its settings are invalid (${settings.error.issues[0]?.path.join('.')})`;
        else low.data.settings = settings.data;
        low.data.todos ??= [];
        normalizeOlderRecords(low.data);
        epoch = shape.data.journalEpoch ?? 0;
        delete (low.data as StoreData & { journalEpoch?: number }).journalEpoch;
      }
    } catch (error) {
      problem = `it could not be read: ${(error as Error).message}`;
    }
    if (problem) {
      const aside = moveAside(file);
      log(`The data file ${file} was moved aside to ${aside} because ${problem}. Starting with a clean store.`);
      low.data = fresh();
      existed = false;
      epoch = 0;
    }
    const journalFile = join(dataDir, journalFileName);
    const replayed = replayJournal(journalFile, low.data, { existed, epoch }, log);
    const db = new Database(low, file, existed, Journal.open(journalFile), epoch);
    if (replayed) db.writeSnapshot();
    return db;
  }

  /** The next write is a snapshot, whatever it was asked for: for changes the journal cannot carry, such as removals. */
  requireSnapshot(): void {
    this.snapshotRequired = true;
  }

  /**
   * Group commit: every write() asked for in the same turn of the event loop shares one write, made at the end of
   * that turn, then answers them all. With no argument (or if any write of the turn had none) that is a snapshot;
   * otherwise one journal line with the changed records. Synchronous on purpose: for a file this size one blocking
   * write is cheaper than the four thread-pool round trips of an async one, and a request is only answered once its
   * change is on disk.
   */
  write(changes?: StoreChanges): Promise<void> {
    const batch = (this.batch ??= this.startBatch());
    if (!changes) batch.full = true;
    else {
      for (const grant of changes.grants ?? []) batch.grants.add(grant);
      for (const code of changes.codes ?? []) batch.codes.add(code);
      if (changes.rotations) batch.rotations.push(...changes.rotations);
    }
    return batch.promise;
  }

  /** Waits for the writes under way, writes a snapshot and closes the journal; later writes are snapshots. */
  async close(): Promise<void> {
    await this.batch?.promise.catch(() => undefined);
    try {
      this.writeSnapshot();
    } finally {
      this.journal?.close();
      this.journal = null;
    }
  }

  private startBatch(): Batch {
    const batch: Batch = { promise: Promise.resolve(), full: false, grants: new Set(), codes: new Set(), rotations: [] };
    batch.promise = new Promise<void>((resolve, reject) => {
      setImmediate(() => {
        this.batch = null;
        try {
          this.commit(batch);
          resolve();
        } catch (error) {
          reject(error);
        }
      });
    });
    return batch;
  }

  private commit(batch: Batch): void {
    if (batch.full || this.snapshotRequired || !this.journal || this.journal.size >= journalCompactBytes) {
      this.writeSnapshot();
      return;
    }
    const changes: StoreChanges = {};
    if (batch.grants.size > 0) changes.grants = [...batch.grants];
    if (batch.codes.size > 0) changes.codes = [...batch.codes];
    const rotations = rotationsNotWhole(batch);
    if (rotations.length > 0) changes.rotations = rotations;
    if (!changes.grants && !changes.codes && !changes.rotations) return;
    try {
      this.journal.append(formatJournalEntry(this.epoch, changes));
    } catch (error) {
      // These changes are in memory only: the next write carries them in a snapshot.
      this.snapshotRequired = true;
      throw error;
    }
  }

  /** The whole store, atomically, under the next epoch; then the journal lines it contains are dropped. */
  private writeSnapshot(): void {
    const epoch = this.epoch + 1;
    // 0600: the file holds the client secret in plain text when no keychain seals it.
    writeFileSync(this.tempFile, JSON.stringify({ ...this.low.data, journalEpoch: epoch }, null, 2), { mode: 0o600 });
    renameSync(this.tempFile, this.file);
    this.epoch = epoch;
    this.snapshotRequired = false;
    // A crash before this truncate leaves lines of the old epoch, which the next start skips.
    this.journal?.truncate();
  }
}

/**
 * Applies the journal's entries to the snapshot's data. True when it had any: the caller compacts them into a
 * snapshot. A torn last line is ignored; a bad line ends the replay and the journal is moved aside.
 */
function replayJournal(file: string, data: StoreData, snapshot: { existed: boolean; epoch: number }, log: (line: string) => void): boolean {
  let reading: ReturnType<typeof readJournal>;
  try {
    reading = readJournal(file);
  } catch (error) {
    const aside = moveAside(file);
    log(
      `The journal ${file} was moved aside to ${aside} because it could not be read: ${(error as Error).message}. Grants and codes changed since the last snapshot are lost.`,
    );
    return false;
  }
  if (!reading) return false;
  if (!snapshot.existed) {
    const aside = moveAside(file);
    log(`The journal ${file} was moved aside to ${aside} because the data file it continues is missing or was moved aside.`);
    return false;
  }
  const current = reading.entries.filter(({ entry }) => entry.epoch >= snapshot.epoch);
  const stale = reading.entries.length - current.length;
  if (stale > 0)
    log(`The journal ${file}: skipped ${stale} line(s) already in the data file (a stop between writing it and emptying the journal).`);
  const replay = new JournalReplay(data);
  let applied = 0;
  let bad = reading.bad && { ...reading.bad, reason: `is damaged: ${reading.bad.reason}` };
  for (const { line, entry } of current) {
    const problem = replay.apply(entry);
    if (problem) {
      bad = { line, reason: `does not follow the data file: ${problem}` };
      break;
    }
    applied++;
  }
  if (reading.tornBytes > 0)
    log(
      `The journal ${file}: ignored a torn last line (${reading.tornBytes} bytes) left by an interrupted write; its change was never acknowledged.`,
    );
  if (bad) {
    const closed = closeUnappliedChanges(data, reading.textFrom(bad.line));
    const aside = moveAside(file);
    log(
      `The journal ${file} was moved aside to ${aside} because line ${bad.line} ${bad.reason}. ` +
        `The ${applied} line(s) before it were applied; changes from it on are not, and stay in ${aside}. ` +
        `${closed.grants} grant(s) and ${closed.codes} unused code(s) those lines name were revoked, so no token a client had given up works again; their users sign in again.`,
    );
  }
  return true;
}

/** Records written before a field existed get its empty value, so every reader can rely on it. */
function normalizeOlderRecords(data: StoreData): void {
  data.clients ??= [];
  data.signingKeys ??= [];
  for (const user of data.users) user.emailVerified ??= true;
  for (const grant of data.grants) {
    grant.resources ??= [];
    grant.previousAccessTokens ??= [];
  }
  for (const code of data.codes) {
    code.codeChallenge ??= null;
    code.resources ??= [];
    code.nonce ??= null;
    code.authTime ??= null;
  }
}

/**
 * The batch's rotations, less those of grants the line also carries whole: that record is the grant at this commit,
 * rotations included, and replay would refuse a rotation whose grant is issued in the same line.
 */
function rotationsNotWhole(batch: Batch): GrantRotation[] {
  if (batch.rotations.length === 0 || batch.grants.size === 0) return batch.rotations;
  const whole = new Set([...batch.grants].map((grant) => grant.id));
  return batch.rotations.filter((rotation) => !whole.has(rotation.grantId));
}

import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import { z } from 'zod';
import { defaultSettings, settingsSchema } from '../settings/settings';
import type { StoreData } from './records';

export const storeFileName = 'handshake.json';

const storeShape = z.object({
  version: z.literal(1),
  settings: z.record(z.string(), z.unknown()),
  client: z.object({ id: z.string(), secret: z.string() }).passthrough(),
  users: z.array(z.object({ id: z.string(), email: z.string(), passwordHash: z.string() }).passthrough()),
  codes: z.array(z.object({ codeHash: z.string() }).passthrough()),
  grants: z.array(z.object({ id: z.string(), accessTokenHash: z.string(), refreshTokenHash: z.string() }).passthrough()),
  todos: z.array(z.unknown()).optional(),
});

/**
 * The lowdb JSON file. Writes are atomic (temp file + rename, as lowdb writes) and coalesced:
 * callers mutate `data` synchronously, then await `write()`, which resolves once their change is on disk.
 * A file that cannot be read or does not look like ours is moved aside, never overwritten.
 */
export class Database {
  private constructor(
    private readonly low: Low<StoreData>,
    readonly file: string,
    /** False on first run (and after a corrupt file was moved aside). */
    readonly existed: boolean,
  ) {
    this.tempFile = join(dirname(file), `.${basename(file)}.tmp`);
    // Left by a write that was cut off; it would also keep its old mode through the next write.
    rmSync(this.tempFile, { force: true });
  }

  get data(): StoreData {
    return this.low.data;
  }

  static async open(dataDir: string, fresh: () => StoreData, log: (line: string) => void): Promise<Database> {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const file = join(dataDir, storeFileName);
    let existed = existsSync(file);
    const low = new Low<StoreData>(new JSONFile<StoreData>(file), fresh());
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
      }
    } catch (error) {
      problem = `it could not be read: ${(error as Error).message}`;
    }
    if (problem) {
      const aside = `${file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      renameSync(file, aside);
      log(`The data file ${file} was moved aside to ${aside} because ${problem}. Starting with a clean store.`);
      low.data = fresh();
      existed = false;
    }
    return new Database(low, file, existed);
  }

  private readonly tempFile: string;
  private batch: Promise<void> | null = null;

  /**
   * Group commit: every save() asked for in the same turn of the event loop shares one write, made at the end of
   * that turn — serialise once, write the temp file, rename it over the store (lowdb's atomic write), then answer
   * them all. Synchronous on purpose: for a file this size one blocking write is cheaper than the four thread-pool
   * round trips of an async one, and a request is only answered once its change is on disk.
   */
  write(): Promise<void> {
    this.batch ??= new Promise<void>((resolve, reject) => {
      setImmediate(() => {
        this.batch = null;
        try {
          // 0600: the file holds the client secret in plain text when no keychain seals it.
          writeFileSync(this.tempFile, JSON.stringify(this.low.data, null, 2), { mode: 0o600 });
          renameSync(this.tempFile, this.file);
          resolve();
        } catch (error) {
          reject(error);
        }
      });
    });
    return this.batch;
  }
}

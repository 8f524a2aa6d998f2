import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
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
 * The lowdb JSON file. Writes are atomic (temp file + rename, by lowdb's steno writer) and coalesced:
 * callers mutate `data` synchronously, then await `write()`, which resolves once their change is on disk.
 * A file that cannot be read or does not look like ours is moved aside, never overwritten.
 */
export class Database {
  private constructor(
    private readonly low: Low<StoreData>,
    readonly file: string,
    /** False on first run (and after a corrupt file was moved aside). */
    readonly existed: boolean,
  ) {}

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

  private writing: Promise<void> | null = null;
  private queued: Promise<void> | null = null;

  /**
   * Group commit: while one write is on its way to disk, every later caller shares the single write that follows
   * it, so the whole store is serialised once per disk write rather than once per request (lowdb stringifies on
   * every call, even the ones its writer then coalesces).
   */
  write(): Promise<void> {
    if (!this.writing) {
      const writing = this.low.write().finally(() => {
        if (this.writing === writing) this.writing = null;
      });
      this.writing = writing;
      return writing;
    }
    this.queued ??= this.writing
      .catch(() => undefined)
      .then(() => {
        this.queued = null;
        return this.write();
      });
    return this.queued;
  }
}

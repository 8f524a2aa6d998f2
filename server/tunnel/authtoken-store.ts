import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { SecretBox } from '../core/core-types';

export type AuthtokenSource = 'saved' | 'environment';

export interface Authtoken {
  token: string;
  source: AuthtokenSource;
}

interface SavedFile {
  version: 1;
  /** true: `value` is SecretBox.seal(token); false: the token itself (the file is 0600). */
  sealed: boolean;
  value: string;
}

export const authtokenFileName = 'ngrok-authtoken';

/**
 * The ngrok authtoken: saved in <dataDir>/ngrok-authtoken (mode 0600, written atomically, sealed with the
 * SecretBox when one is given), else NGROK_AUTHTOKEN. The saved one wins: it is what the user typed into Handshake.
 * Reads are synchronous (a tiny file) so that status() stays synchronous; the result is cached until save().
 */
export class AuthtokenStore {
  readonly path: string;
  private readonly secretBox: SecretBox | undefined;
  private readonly env: NodeJS.ProcessEnv;
  private cached: { saved: string | null; problem: string | null } | null = null;

  constructor(options: { dataDir: string; secretBox?: SecretBox; env?: NodeJS.ProcessEnv }) {
    this.path = join(options.dataDir, authtokenFileName);
    this.secretBox = options.secretBox;
    this.env = options.env ?? process.env;
  }

  /** The authtoken to use, or null when there is none. */
  current(): Authtoken | null {
    const saved = this.readSaved().saved;
    if (saved) return { token: saved, source: 'saved' };
    const fromEnv = this.env.NGROK_AUTHTOKEN?.trim();
    return fromEnv ? { token: fromEnv, source: 'environment' } : null;
  }

  source(): AuthtokenSource | null {
    return this.current()?.source ?? null;
  }

  /** Why a saved authtoken file could not be used (e.g. sealed by the desktop app, read headless), or null. */
  problem(): string | null {
    return this.readSaved().problem;
  }

  /** Saves the token; '' forgets the saved one (NGROK_AUTHTOKEN, if set, applies again). */
  save(token: string): void {
    const trimmed = token.trim();
    this.cached = null;
    if (trimmed === '') {
      rmSync(this.path, { force: true });
      return;
    }
    const box = this.secretBox;
    const file: SavedFile = box?.encrypted
      ? { version: 1, sealed: true, value: box.seal(trimmed) }
      : { version: 1, sealed: false, value: trimmed };
    writeAtomically(this.path, `${JSON.stringify(file)}\n`);
  }

  /** Forgets the cache so the next read sees changes made by another process sharing the data dir. */
  reload(): void {
    this.cached = null;
  }

  private readSaved(): { saved: string | null; problem: string | null } {
    this.cached ??= this.load();
    return this.cached;
  }

  private load(): { saved: string | null; problem: string | null } {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { saved: null, problem: null };
      return { saved: null, problem: `The saved ngrok authtoken (${this.path}) could not be read: ${(error as Error).message}` };
    }
    let file: SavedFile;
    try {
      file = JSON.parse(text) as SavedFile;
      if (file?.version !== 1 || typeof file.value !== 'string' || typeof file.sealed !== 'boolean') throw new Error('bad shape');
    } catch {
      return { saved: null, problem: `The saved ngrok authtoken (${this.path}) is damaged; save the authtoken again.` };
    }
    if (!file.sealed) return { saved: file.value || null, problem: null };
    if (!this.secretBox?.encrypted) {
      return {
        saved: null,
        problem:
          'The saved ngrok authtoken was encrypted by the desktop app and cannot be read here; save it again or set NGROK_AUTHTOKEN.',
      };
    }
    try {
      return { saved: this.secretBox.open(file.value) || null, problem: null };
    } catch {
      return {
        saved: null,
        problem: 'The saved ngrok authtoken could not be decrypted (the system keychain changed?); save it again.',
      };
    }
  }
}

/** Write to a temporary file created 0600, then rename over the target: readers never see half a file. */
function writeAtomically(path: string, content: string): void {
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  mkdirSync(dirname(path), { recursive: true });
  try {
    writeFileSync(temporary, content, { mode: 0o600, flag: 'wx' });
    chmodSync(temporary, 0o600);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

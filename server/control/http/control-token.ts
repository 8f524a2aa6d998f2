import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmod, link, mkdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const controlTokenFileName = 'control-token';

/** 32 random bytes = 256 bits, base64url (43 characters). */
export function newControlToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * A token a person may also have chosen (e.g. a fixed token for CI): printable ASCII without spaces, long enough
 * that guessing is hopeless.
 */
function isUsableToken(text: string): boolean {
  return /^[\x21-\x7e]{32,512}$/.test(text);
}

/**
 * Returns the control token kept in `<dataDir>/control-token`, creating it (mode 0600) when missing.
 * Creation is atomic and race-free: the token is written to a temporary file, then hard-linked into place, which
 * fails if another process got there first — in which case its token is used.
 */
export async function loadOrCreateControlToken(dataDir: string, log: (line: string) => void = console.log): Promise<string> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const path = join(dataDir, controlTokenFileName);

  const existing = await readTokenFile(path);
  if (existing.state === 'usable') {
    await tightenMode(path, log);
    return existing.token;
  }
  if (existing.state === 'unusable') {
    const aside = `${path}.invalid-${Date.now()}`;
    await rename(path, aside);
    log(`The control token in ${path} was not a usable token (32+ printable characters); moved it to ${aside} and made a new one.`);
  }

  const token = newControlToken();
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(temporary, `${token}\n`, { mode: 0o600, flag: 'wx' });
  try {
    await link(temporary, path);
    return token;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const winner = await readTokenFile(path);
    if (winner.state !== 'usable') throw new Error(`${path} appeared while creating it, but holds no usable token`);
    return winner.token;
  } finally {
    await unlink(temporary).catch(() => undefined);
  }
}

type TokenFile = { state: 'missing' } | { state: 'unusable' } | { state: 'usable'; token: string };

async function readTokenFile(path: string): Promise<TokenFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { state: 'missing' };
    throw error;
  }
  const token = text.trim();
  return isUsableToken(token) ? { state: 'usable', token } : { state: 'unusable' };
}

/** A token file others can read is tightened to 0600 (POSIX only; Windows has no such bits). */
async function tightenMode(path: string, log: (line: string) => void): Promise<void> {
  if (process.platform === 'win32') return;
  const { mode } = await stat(path);
  if ((mode & 0o077) === 0) return;
  await chmod(path, 0o600);
  log(`${path} was readable by other users; its mode is now 0600.`);
}

/** Constant-time comparison; hashing first makes the time independent of the lengths too. */
export function tokenMatches(presented: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(presented), digest(expected));
}

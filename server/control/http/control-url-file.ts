import { randomBytes } from 'node:crypto';
import { readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Beside `control-token`: where the running Handshake's control API listens, so scripts (npm run check) find it. */
export const controlUrlFileName = 'control-url';

/** Written atomically (temporary file, then rename): a reader sees the old URL or the new one, never half of one. */
export async function writeControlUrlFile(dataDir: string, url: string): Promise<void> {
  const path = join(dataDir, controlUrlFileName);
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(temporary, `${url}\n`, { mode: 0o600 });
  await rename(temporary, path).catch(async (error) => {
    await unlink(temporary).catch(() => undefined);
    throw error;
  });
}

/** Removes the file at a clean stop, unless another Handshake on the same data dir has written its own URL since. */
export async function removeControlUrlFile(dataDir: string, url: string): Promise<void> {
  if ((await readControlUrlFile(dataDir)) === url) await unlink(join(dataDir, controlUrlFileName)).catch(() => undefined);
}

/** The URL a running Handshake wrote, or null when there is none (or it is not an http URL). */
export async function readControlUrlFile(dataDir: string): Promise<string | null> {
  const text = await readFile(join(dataDir, controlUrlFileName), 'utf8').catch(() => null);
  const url = text?.trim() ?? '';
  return /^http:\/\/127\.0\.0\.1:\d{1,5}$/.test(url) ? url : null;
}

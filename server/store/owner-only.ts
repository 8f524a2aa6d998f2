import { chmodSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export const ownerOnlyDirMode = 0o700;
export const ownerOnlyFileMode = 0o600;

/**
 * Creates the data dir if needed and makes it and everything in it owner-only (folders 0700, files 0600): it holds
 * the client secret, password hashes and a traffic history. mkdir's mode is only used when it creates the folder
 * (and is narrowed by the umask), so a folder or file an older version left readable is tightened here. Symbolic
 * links are left alone: they may point outside the data dir.
 */
export function makeOwnerOnly(dataDir: string): void {
  mkdirSync(dataDir, { recursive: true, mode: ownerOnlyDirMode });
  tighten(dataDir, true);
}

function tighten(path: string, isDirectory: boolean): void {
  const stats = lstatSync(path);
  const wanted = isDirectory ? ownerOnlyDirMode : ownerOnlyFileMode;
  if ((stats.mode & 0o777 & ~wanted) !== 0) chmodSync(path, stats.mode & wanted);
  if (!isDirectory) return;
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    if (entry.isDirectory()) tighten(join(path, entry.name), true);
    else if (entry.isFile()) tighten(join(path, entry.name), false);
  }
}

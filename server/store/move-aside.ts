import { renameSync } from 'node:fs';

/** Renames a damaged file to `<file>.corrupt-<time>`, kept for the user, and returns the new path. */
export function moveAside(file: string): string {
  const aside = `${file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  renameSync(file, aside);
  return aside;
}

import { accessSync, constants, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, dirname, join } from 'node:path';

export interface CloudflaredBinary {
  path: string;
  /** Where it was found: the Settings path, the user's PATH, or npm's `cloudflared` package in node_modules. */
  source: 'settings' | 'path' | 'npm';
}

const executableName = process.platform === 'win32' ? 'cloudflared.exe' : 'cloudflared';

/**
 * Where the cloudflared program is: the path set in Settings (used as given, even when it is wrong, so that the
 * error names it), else the first `cloudflared` on PATH, else the binary npm's `cloudflared` package downloads into
 * node_modules (not a dependency of Handshake: its install fetches from GitHub). Null when none is found.
 */
export function findCloudflared(configuredPath: string, env: NodeJS.ProcessEnv = process.env): CloudflaredBinary | null {
  if (configuredPath.trim() !== '') return { path: configuredPath.trim(), source: 'settings' };
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir !== '' && isExecutable(join(dir, executableName))) return { path: join(dir, executableName), source: 'path' };
  }
  const fromNpm = npmPackageBinary();
  return fromNpm ? { path: fromNpm, source: 'npm' } : null;
}

function npmPackageBinary(): string | null {
  try {
    const manifest = createRequire(import.meta.url).resolve('cloudflared/package.json');
    const binary = join(dirname(manifest), 'bin', executableName);
    return isExecutable(binary) ? binary : null;
  } catch {
    return null;
  }
}

function isExecutable(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

// Builds the renderer and the server bundle only when their sources changed since the last build. A build's
// fingerprint (every input file's path, size and modification time) is written into its output folder after it
// succeeds; a missing or different fingerprint means build again. Walking the sources costs a few milliseconds.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const fingerprintFile = '.sources';

/** What each build reads, where it writes, and how it is run (node directly: npx would cost a second npm). */
export const builds = {
  renderer: {
    inputs: ['renderer', 'vite.config.ts', 'package-lock.json', 'tsconfig.json'],
    output: 'dist/renderer',
    command: [path.join('node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'],
    env: { NODE_ENV: 'production' },
  },
  server: {
    inputs: ['server', 'package.json', 'package-lock.json', 'scripts/build-server.mjs'],
    output: 'dist/server',
    command: [path.join('scripts', 'build-server.mjs')],
    env: {},
  },
};

function inputFiles(root, relative, found) {
  const absolute = path.join(root, relative);
  if (!existsSync(absolute)) return;
  const stats = statSync(absolute);
  if (stats.isDirectory()) {
    for (const name of readdirSync(absolute).sort()) if (name !== 'node_modules') inputFiles(root, path.join(relative, name), found);
  } else {
    found.push(`${relative}\t${stats.size}\t${stats.mtimeMs}`);
  }
}

/** `options.root` and `options.builds` default to this repository and its builds; tests pass their own. */
function settings(options) {
  return { root: options.root ?? root, builds: options.builds ?? builds, log: options.log ?? ((line) => console.log(line)) };
}

export function fingerprint(name, options = {}) {
  const { root, builds } = settings(options);
  const found = [];
  for (const input of builds[name].inputs) inputFiles(root, input, found);
  return createHash('sha256').update(found.join('\n')).digest('hex');
}

export function isStale(name, options = {}) {
  const { root, builds } = settings(options);
  const file = path.join(root, builds[name].output, fingerprintFile);
  return !existsSync(file) || readFileSync(file, 'utf8').trim() !== fingerprint(name, options);
}

/** Builds each named target whose sources changed; throws when a build fails. Returns the names built. */
export function buildIfStale(names, options = {}) {
  const { root, builds, log } = settings(options);
  const built = [];
  for (const name of names ?? Object.keys(builds)) {
    if (!isStale(name, options)) continue;
    const before = fingerprint(name, options);
    log(`Building the ${name} (its sources changed since the last build)…`);
    const build = builds[name];
    const run = spawnSync(process.execPath, build.command, { cwd: root, stdio: 'inherit', env: { ...process.env, ...build.env } });
    if (run.status !== 0) throw new Error(`building the ${name} failed (exit ${run.status ?? run.signal})`);
    // The fingerprint from before the build: a source edited while it ran makes the next start build again.
    writeFileSync(path.join(root, build.output, fingerprintFile), `${before}\n`);
    built.push(name);
  }
  return built;
}

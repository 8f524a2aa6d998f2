/**
 * What a new user meets: `npm run serve` as typed, timed from the spawn until the public listener answers the
 * manifest, and the resident memory of every process it started (npm, its shell, the server) summed once idle.
 * The first start may build (renderer, server bundle) and is not counted; the timed starts reuse its data dir.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const startTargetSeconds = 1.5;
export const idleMemoryTargetMb = 150;
const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const idleSeconds = Number(process.env.BENCH_IDLE_SECONDS ?? 5);
const timedStarts = 3;

export interface ServeFootprint {
  startSeconds: number[];
  /** Per process of the tree, once idle, in the last timed start. */
  idleRss: { pid: number; name: string; mb: number }[];
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function answers(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const request = get(url, { agent: false }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    request.on('error', () => resolve(false));
    request.setTimeout(1000, () => request.destroy());
  });
}

async function waitForManifest(url: string, child: ChildProcess, timeoutMs: number, output: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await answers(url))) {
    if (child.exitCode !== null) throw new Error(`npm run serve exited (${child.exitCode}) before answering:\n${output()}`);
    if (Date.now() > deadline) throw new Error(`npm run serve did not answer ${url} within ${timeoutMs} ms:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** The process and all its descendants, from /proc. */
function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(name)]);
    } catch {
      // the process ended while we looked
    }
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) tree.push(...(children.get(tree[i]) ?? []));
  return tree;
}

function residentMb(pid: number): { name: string; mb: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    return { name: cmdline.join(' ').split(' ').slice(0, 2).join(' '), mb: kb / 1024 };
  } catch {
    return null;
  }
}

async function startServe(dataDir: string, timeoutMs: number): Promise<{ seconds: number; child: ChildProcess }> {
  const port = await freePort();
  const started = process.hrtime.bigint();
  // Its own process group, so stopping it stops the server too (npm does not pass SIGTERM on to its script).
  const child = spawn('npm', ['run', 'serve', '--', '--port', String(port), '--control-port', '0', '--data-dir', dataDir], {
    cwd: repoRoot,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk));
  await waitForManifest(`http://127.0.0.1:${port}/.well-known/ai-plugin.json`, child, timeoutMs, () => output);
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, child };
}

async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  if (child.exitCode === null) process.kill(-child.pid!, 'SIGTERM');
  await exited;
  // The server exits after the npm process: wait until the whole group is gone.
  for (let i = 0; i < 200; i++) {
    try {
      process.kill(-child.pid!, 0);
    } catch {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export async function measureServeFootprint(): Promise<ServeFootprint> {
  const dataDir = mkdtempSync(join(tmpdir(), 'handshake-bench-serve-'));
  try {
    await stop((await startServe(dataDir, 180_000)).child);
    const startSeconds: number[] = [];
    let idleRss: ServeFootprint['idleRss'] = [];
    for (let i = 0; i < timedStarts; i++) {
      const { seconds, child } = await startServe(dataDir, 30_000);
      startSeconds.push(seconds);
      if (i === timedStarts - 1) {
        await new Promise((resolve) => setTimeout(resolve, idleSeconds * 1000));
        idleRss = processTree(child.pid!).flatMap((pid) => {
          const rss = residentMb(pid);
          return rss ? [{ pid, ...rss }] : [];
        });
      }
      await stop(child);
    }
    return { startSeconds, idleRss };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const verdict = (met: boolean) => (met ? 'met' : 'NOT MET');

export function printServeFootprint(footprint: ServeFootprint): void {
  const start = median(footprint.startSeconds);
  const total = footprint.idleRss.reduce((sum, process) => sum + process.mb, 0);
  const each = footprint.idleRss.map((process) => `${process.name} ${process.mb.toFixed(0)}`).join(', ');
  console.log('npm run serve, after a first run that may build:');
  console.log(
    `  start until the manifest answers: median ${start.toFixed(2)} s of ${footprint.startSeconds.length} (${footprint.startSeconds.map((s) => s.toFixed(2)).join(', ')}); target ≤ ${startTargetSeconds} s: ${verdict(start <= startTargetSeconds)} (${(start / startTargetSeconds).toFixed(2)}× the target)`,
  );
  console.log(
    `  idle memory of every process it started, summed: ${total.toFixed(0)} MB RSS (${each}); target ≤ ${idleMemoryTargetMb} MB: ${verdict(total <= idleMemoryTargetMb)} (${(total / idleMemoryTargetMb).toFixed(2)}× the target)`,
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  measureServeFootprint()
    .then(printServeFootprint)
    .catch((error: unknown) => {
      console.error(`bench failed: ${(error as Error)?.stack ?? error}`);
      process.exit(1);
    });
}

/**
 * `npx tsx bench/token-path-breakdown.ts`: what the traffic recorder and the durable store write each cost a refresh.
 * Runs the token endpoint (refresh grant, 10 connections) against the public app with each switched off in turn and
 * prints requests/s and the server's CPU per request. Not part of `npm run bench`; a tool for deciding what to tune.
 * BENCH_ROUNDS (default 3) interleaves the variants in rounds and prints each one's median, so a burst of other work
 * on this shared machine moves every variant alike instead of skewing one.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { measure } from './load';
import { RefreshPool } from './refresh-pool';

const seconds = Number(process.env.BENCH_SECONDS ?? 4);
const rounds = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));
const variants = (process.argv[2] ?? 'full,no-recorder,no-save,neither').split(',');
const variantFile = fileURLToPath(new URL('./targets/token-path-variant.ts', import.meta.url));
const results = new Map<string, { perSecond: number[]; cpu: number[] }>(variants.map((variant) => [variant, { perSecond: [], cpu: [] }]));

console.log(`Token endpoint (refresh grant), ${seconds} s per variant, 10 connections, ${rounds} round(s):`);
for (let round = 1; round <= rounds; round++) {
  if (rounds > 1) console.log(`Round ${round} of ${rounds}`);
  for (const variant of variants) await runVariant(variant);
}
if (rounds > 1) {
  console.log('Median of the rounds:');
  for (const [variant, { perSecond, cpu }] of results) {
    console.log(
      `  ${variant.padEnd(12)} ${String(Math.round(median(perSecond))).padStart(6)} req/s  ${String(Math.round(median(cpu))).padStart(5)} µs CPU/req`,
    );
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

async function runVariant(variant: string): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', variantFile, variant], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, NODE_ENV: 'production' },
  });
  const target = await new Promise<{ port: number; clientId: string; clientSecret: string; tokens: string[] }>((resolve, reject) => {
    child.stdout!.once('data', (line: Buffer) => resolve(JSON.parse(line.toString())));
    child.once('exit', (code) => reject(new Error(`variant ${variant} exited with ${code}`)));
  });
  const pool = new RefreshPool({ clientId: target.clientId, clientSecret: target.clientSecret }, target.tokens);
  const result = await measure(variant, `http://127.0.0.1:${target.port}`, {
    seconds,
    connections: 10,
    requests: [pool.request()],
    countBased: true,
    afterEach: () => pool.reclaim(),
    serverPid: child.pid,
  });
  results.get(variant)!.perSecond.push(result.requestsPerSecond);
  results.get(variant)!.cpu.push(result.cpuMicrosPerRequest ?? 0);
  console.log(
    `  ${variant.padEnd(12)} ${String(Math.round(result.requestsPerSecond)).padStart(6)} req/s  ${String(Math.round(result.cpuMicrosPerRequest ?? 0)).padStart(5)} µs CPU/req  ${result.failures} failed`,
  );
  child.removeAllListeners('exit');
  child.kill('SIGINT');
  await new Promise((resolve) => child.once('exit', resolve));
}

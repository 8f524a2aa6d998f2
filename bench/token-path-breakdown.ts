/**
 * `npx tsx bench/token-path-breakdown.ts`: what the traffic recorder and the durable store write each cost a refresh.
 * Runs the token endpoint (refresh grant, 10 connections) against the public app with each switched off in turn and
 * prints requests/s and the server's CPU per request. Not part of `npm run bench`; a tool for deciding what to tune.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { measure } from './load';
import { RefreshPool } from './refresh-pool';

const seconds = Number(process.env.BENCH_SECONDS ?? 4);
const variants = (process.argv[2] ?? 'full,no-recorder,no-save,neither').split(',');
const variantFile = fileURLToPath(new URL('./targets/token-path-variant.ts', import.meta.url));

console.log(`Token endpoint (refresh grant), ${seconds} s per variant, 10 connections:`);
for (const variant of variants) {
  const child = spawn(process.execPath, ['--import', 'tsx', variantFile, variant], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, NODE_ENV: 'production' } });
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
  console.log(`  ${variant.padEnd(12)} ${String(Math.round(result.requestsPerSecond)).padStart(6)} req/s  ${String(Math.round(result.cpuMicrosPerRequest ?? 0)).padStart(5)} µs CPU/req  ${result.failures} failed`);
  child.removeAllListeners('exit');
  child.kill('SIGINT');
  await new Promise((resolve) => child.once('exit', resolve));
}

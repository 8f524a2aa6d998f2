/**
 * Micro-benchmark of the traffic recorder: `npx tsx bench/traffic-recorder.ts` (BENCH_SECONDS, BENCH_ROUNDS).
 *
 * Four servers, each in its own process (so the load generator and earlier runs never share its event loop or
 * heap), driven over loopback by autocannon from this process:
 *   bare         GET /hello on plain Express
 *   recorded     the same route with the recorder mounted (history written to a temp folder)
 *   token-bare   a token endpoint (body parsers, annotations, JSON answer) without the recorder
 *   token-empty  the same with the recorder, empty log
 *   token-full   the same with 100,000 entries in the log
 * Rounds are interleaved. The verdict uses CPU time per request of the server process (a saturated server's
 * throughput is its inverse), which other work on the machine disturbs far less than req/s. Fails (exit 1) when the
 * recorder halves the bare route or the full log costs the token endpoint more than 10%.
 */

import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import express, { type Request } from 'express';
import { defaultSettings } from '../server/settings/settings';
import { annotate } from '../server/traffic/annotations';
import { fixedClientSecret } from '../server/traffic/secret-fingerprint';
import type { TrafficEntry } from '../server/traffic/traffic-entry';
import { newTrafficId } from '../server/traffic/traffic-id';
import { TrafficLog } from '../server/traffic/traffic-log';
import { createTrafficRecorder } from '../server/traffic/traffic-recorder';

const scenarios = ['bare', 'recorded', 'token-bare', 'token-empty', 'token-full'] as const;
type Scenario = (typeof scenarios)[number];

const fullLogEntries = 100_000;
const clientSecret = 'bench-client-secret-0123456789';
const tokenBody = JSON.stringify({
  grant_type: 'authorization_code',
  client_id: 'bench-client',
  client_secret: clientSecret,
  code: 'code-0123456789abcdef0123456789',
  redirect_uri: 'https://chat.openai.com/aip/plugin-0000/oauth/callback',
});

// ---------- child: one server ----------

async function serve(scenario: Scenario): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'handshake-bench-traffic-'));
  process.on('SIGTERM', () => {
    rmSync(dataDir, { recursive: true, force: true });
    process.exit(0);
  });
  const app = express();
  const log = new TrafficLog({ dataDir, capacity: fullLogEntries });
  if (scenario !== 'bare' && scenario !== 'token-bare') {
    app.use(createTrafficRecorder({ log, getSettings: () => defaultSettings, secrets: fixedClientSecret(clientSecret) }));
  }
  app.get('/hello', (_req, res) => void res.json({ hello: 'world' }));
  const keepRaw = (req: Request, _res: unknown, buffer: Buffer) => void ((req as Request & { rawBody?: Buffer }).rawBody = buffer);
  app.post('/oauth/token', express.json({ verify: keepRaw }), express.urlencoded({ extended: false, verify: keepRaw }), (req, res) => {
    annotate(res, {
      kind: 'token',
      clientId: String(req.body?.client_id),
      flowId: 'flow-bench',
      userId: 'user-1',
      userEmail: 'bench@example.com',
    });
    res.set('cache-control', 'no-store').json({
      access_token: randomBytes(24).toString('base64url'),
      token_type: 'bearer',
      refresh_token: randomBytes(24).toString('base64url'),
      expires_in: 3600,
    });
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;

  if (scenario === 'token-full') {
    // Copies of a real recorded token exchange, each with its own id.
    await fetch(`http://127.0.0.1:${port}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: tokenBody,
    });
    const template = await new Promise<TrafficEntry>((resolve) => {
      const found = log.entries()[0];
      if (found) resolve(found);
      else log.subscribe((event) => event.type === 'traffic' && resolve(event.entry));
    });
    for (let n = 0; n < fullLogEntries; n++) log.append({ ...template, id: newTrafficId() });
    await log.flush();
    globalThis.gc?.();
    // Let the kernel write the freshly filled history back before the measured run.
    await new Promise((resolve) => setTimeout(resolve, 3000));
  }
  // The parent asks for this process's CPU time around each run: CPU per request is steadier than req/s on a
  // machine shared with other work.
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', () => {
    const { user, system } = process.cpuUsage();
    process.stdout.write(`cpu ${user + system}\n`);
  });
  process.stdout.write(`listening ${port} entries ${log.size}\n`);
}

// ---------- parent: drive the servers ----------

interface ServerProcess {
  url: string;
  /** CPU microseconds the server process has used so far. */
  cpu(): Promise<number>;
  stop(): void;
}

async function startServer(scenario: Scenario): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', '--expose-gc', fileURLToPath(import.meta.url), '--serve', scenario], {
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening (\d+)/.exec(output);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`${scenario} server exited with ${code}: ${output}`)));
  });
  const cpu = () =>
    new Promise<number>((resolve) => {
      const onData = (chunk: Buffer) => {
        const match = /cpu (\d+)/.exec(chunk.toString());
        if (match) {
          child.stdout.off('data', onData);
          resolve(Number(match[1]));
        }
      };
      child.stdout.on('data', onData);
      child.stdin.write('cpu\n');
    });
  return { url: `http://127.0.0.1:${port}`, cpu, stop: () => void child.kill('SIGTERM') };
}

interface Run {
  requestsPerSecond: number;
  cpuMicrosPerRequest: number;
}

async function run(scenario: Scenario, seconds: number): Promise<Run> {
  const server = await startServer(scenario);
  try {
    const token = scenario.startsWith('token');
    const options: autocannon.Options = {
      url: token ? `${server.url}/oauth/token` : `${server.url}/hello`,
      connections: 10,
      ...(token ? { method: 'POST', headers: { 'content-type': 'application/json' }, body: tokenBody } : {}),
    };
    await autocannon({ ...options, duration: 1 });
    const cpuBefore = await server.cpu();
    const result = await autocannon({ ...options, duration: seconds });
    const cpuAfter = await server.cpu();
    if (result.non2xx + result.errors + result.timeouts > 0) throw new Error(`${scenario}: failed answers during the run`);
    return { requestsPerSecond: result.requests.average, cpuMicrosPerRequest: (cpuAfter - cpuBefore) / result.requests.total };
  } finally {
    server.stop();
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main(): Promise<void> {
  const seconds = Number(process.env.BENCH_SECONDS ?? 4);
  const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
  console.log(`traffic recorder benchmark: ${rounds} rounds × ${seconds} s, 10 connections, Node ${process.version}`);
  const runs = new Map<Scenario, Run[]>(scenarios.map((scenario) => [scenario, []]));
  for (let round = 1; round <= rounds; round++) {
    for (const scenario of scenarios) {
      const result = await run(scenario, seconds);
      runs.get(scenario)!.push(result);
      console.log(
        `  round ${round}  ${scenario.padEnd(12)} ${String(Math.round(result.requestsPerSecond)).padStart(6)} req/s  ` +
          `${result.cpuMicrosPerRequest.toFixed(0).padStart(5)} µs CPU/request`,
      );
    }
  }
  // Other processes on the machine only ever add CPU per request (cache and core contention): the least of the
  // rounds is the closest to the code's own cost.
  const rps = (scenario: Scenario) => median(runs.get(scenario)!.map((one) => one.requestsPerSecond));
  const cpu = (scenario: Scenario) => Math.min(...runs.get(scenario)!.map((one) => one.cpuMicrosPerRequest));
  console.log(`\nmedian req/s, least CPU per request (load average now ${loadavg()[0].toFixed(1)} on ${cpus().length} CPUs):`);
  for (const scenario of scenarios) {
    console.log(
      `  ${scenario.padEnd(12)} ${String(Math.round(rps(scenario))).padStart(6)} req/s  ${cpu(scenario).toFixed(0).padStart(5)} µs CPU/request`,
    );
  }
  // A saturated server's throughput is 1 / (CPU per request): the CPU ratio is the throughput ratio without the
  // noise of other processes competing for the same cores.
  const recorder = { rps: rps('recorded') / rps('bare'), cpu: cpu('bare') / cpu('recorded') };
  const fullLog = { rps: rps('token-full') / rps('token-empty'), cpu: cpu('token-empty') / cpu('token-full') };
  const tokenRecorder = { rps: rps('token-empty') / rps('token-bare'), cpu: cpu('token-bare') / cpu('token-empty') };
  console.log(
    `\nrecorder on a bare route (must be ≥ 0.50):         ${recorder.cpu.toFixed(2)} by CPU, ${recorder.rps.toFixed(2)} by req/s`,
  );
  console.log(
    `recorder on the token endpoint (for information):    ${tokenRecorder.cpu.toFixed(2)} by CPU, ${tokenRecorder.rps.toFixed(2)} by req/s`,
  );
  console.log(`token endpoint with 100,000 entries (must be ≥ 0.90): ${fullLog.cpu.toFixed(2)} by CPU, ${fullLog.rps.toFixed(2)} by req/s`);
  if (recorder.cpu < 0.5 || fullLog.cpu < 0.9) {
    console.log('FAILED');
    process.exitCode = 1;
  } else console.log('ok');
}

const serveIndex = process.argv.indexOf('--serve');
if (serveIndex >= 0) await serve(process.argv[serveIndex + 1] as Scenario);
else await main();

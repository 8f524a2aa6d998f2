/**
 * Latency overhead of the gateway: the same small JSON API measured directly and through createGateway
 * (authentication + header rewrite + http-proxy-middleware). Prints req/s, p50 and p99 for both and the ratios.
 *
 *   npx tsx bench/gateway.ts [--duration 3] [--rounds 3] [--connections 20]
 *
 * Bounded: two warm-ups of 1 s, then --rounds rounds (default 3) alternating direct and gateway runs of
 * --duration seconds (default 3) each; the median of the rounds is reported, which evens out a busy machine.
 */

import { type ChildProcess, fork } from 'node:child_process';
import { timingSafeEqual } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import express, { type RequestHandler } from 'express';
import { createGateway } from '../server/gateway/gateway';
import { defaultSettings } from '../server/settings/settings';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '3' },
    rounds: { type: 'string', default: '3' },
    connections: { type: 'string', default: '20' },
    role: { type: 'string' },
    upstream: { type: 'string' },
  },
});
const duration = Math.min(Math.max(Number(values.duration) || 3, 1), 60);
const rounds = Math.min(Math.max(Number(values.rounds) || 3, 1), 10);
const connections = Math.min(Math.max(Number(values.connections) || 20, 1), 500);

const token = 'bench-access-token-0123456789abcdef';
const todos = JSON.stringify([
  { id: 1, title: 'Buy milk', done: false },
  { id: 2, title: 'Write the plugin manifest', done: true },
  { id: 3, title: 'Install the plugin in ChatGPT', done: false },
]);

/** Like the real bearer middleware in cost: a constant-time compare and the identity in res.locals. */
const authenticate: RequestHandler = (req, res, next) => {
  const given = Buffer.from(req.headers.authorization ?? '');
  const expected = Buffer.from(`Bearer ${token}`);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    res.status(401).json({ error: 'invalid_token' });
    return;
  }
  res.locals.auth = { user: { id: 'u1', email: 'bench@example.com', name: 'Bench' }, grant: { id: 'g1', scope: '' } };
  next();
};

async function listen(server: Server): Promise<string> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

interface Measured {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

async function measure(url: string, seconds: number): Promise<Measured> {
  const result = await autocannon({
    url: `${url}/todos`,
    connections,
    duration: seconds,
    headers: { authorization: `Bearer ${token}` },
  });
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

/** Each server runs in its own process, so the load generator, the gateway and the upstream do not share a CPU thread. */
async function runRole(role: string, upstreamUrl: string | undefined): Promise<void> {
  let server: Server;
  if (role === 'upstream') {
    server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(todos);
    });
  } else {
    const app = express();
    app.use(createGateway({ getSettings: () => ({ ...defaultSettings, upstream: upstreamUrl ?? '' }), authenticate }));
    server = createServer(app);
  }
  process.send?.(await listen(server));
  process.on('disconnect', () => process.exit(0));
}

async function spawnRole(role: string, upstreamUrl?: string): Promise<{ url: string; child: ChildProcess }> {
  const child = fork(fileURLToPath(import.meta.url), ['--role', role, ...(upstreamUrl ? ['--upstream', upstreamUrl] : [])], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const [url] = (await once(child, 'message')) as [string];
  return { url, child };
}

function median(runs: Measured[]): Measured {
  const middle = (pick: (m: Measured) => number) => runs.map(pick).sort((a, b) => a - b)[Math.floor(runs.length / 2)];
  return {
    requestsPerSecond: middle((m) => m.requestsPerSecond),
    p50: middle((m) => m.p50),
    p99: middle((m) => m.p99),
    non2xx: runs.reduce((sum, m) => sum + m.non2xx, 0),
    errors: runs.reduce((sum, m) => sum + m.errors, 0),
  };
}

async function main(): Promise<void> {
  const { url: upstreamUrl, child: upstreamProcess } = await spawnRole('upstream');
  const { url: gatewayUrl, child: gatewayProcess } = await spawnRole('gateway', upstreamUrl);

  console.log(
    `gateway benchmark: ${connections} connections, ${rounds} rounds of ${duration} s, Node ${process.version}, ` +
      `load average ${loadavg()[0].toFixed(1)} (a busy machine makes both numbers lower and noisier)`,
  );
  await measure(upstreamUrl, 1);
  await measure(gatewayUrl, 1);
  const directRuns: Measured[] = [];
  const proxiedRuns: Measured[] = [];
  for (let round = 0; round < rounds; round++) {
    directRuns.push(await measure(upstreamUrl, duration));
    proxiedRuns.push(await measure(gatewayUrl, duration));
  }
  const direct = median(directRuns);
  const proxied = median(proxiedRuns);

  const row = (name: string, m: Measured) =>
    `${name.padEnd(16)} ${m.requestsPerSecond.toFixed(0).padStart(8)} req/s   p50 ${String(m.p50).padStart(4)} ms   p99 ${String(m.p99).padStart(4)} ms   non-2xx ${m.non2xx}   errors ${m.errors}`;
  console.log(row('direct', direct));
  console.log(row('through gateway', proxied));
  console.log(
    `ratio: throughput ${(proxied.requestsPerSecond / direct.requestsPerSecond).toFixed(2)}x of direct; ` +
      `p50 latency ${(proxied.p50 / Math.max(direct.p50, 1)).toFixed(2)}x, +${(proxied.p50 - direct.p50).toFixed(1)} ms; ` +
      `p99 +${(proxied.p99 - direct.p99).toFixed(1)} ms`,
  );
  if (direct.non2xx + direct.errors + proxied.non2xx + proxied.errors > 0) {
    console.log('warning: some requests failed; the numbers above are not comparable');
    process.exitCode = 1;
  }

  upstreamProcess.disconnect();
  gatewayProcess.disconnect();
}

if (values.role) {
  await runRole(values.role, values.upstream);
} else {
  await main();
}

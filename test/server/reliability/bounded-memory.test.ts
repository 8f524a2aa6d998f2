import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { TrafficSummary } from '../../../server/traffic/traffic-entry';
import { type ServeProcess, startServe } from '../support/serve-process';

/**
 * 100,000 real HTTP requests through the public listener of a `serve` process (its own process, so server and load
 * generator use both cores) with the smallest ring the settings allow: the in-memory log
 * stays at its cap, the history files stay within their rotation budget, and every request was answered. The heap
 * itself is not timed or measured here (the benchmark prints RSS); what would make it grow is what is asserted.
 */

const requests = 100_000;
const ringSize = 100;
/** TrafficHistory defaults: 10 MB files, 5 kept. */
const historyBudgetBytes = 5 * 10 * 1024 * 1024;
let dataDir: string;
let serve: ServeProcess;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'handshake-ring-'));
  serve = await startServe(dataDir);
  expect((await serve.control('PATCH', '/api/settings', { trafficRingSize: ringSize })).status).toBe(200);
});

afterAll(async () => {
  await serve?.kill9();
  rmSync(dataDir, { recursive: true, force: true });
});

test(`after ${requests.toLocaleString('en')} requests the ring holds ${ringSize} entries and the history stays within its rotation budget`, {
  timeout: 180_000,
}, async () => {
  const result = await autocannon({
    url: serve.publicUrl,
    connections: 16,
    pipelining: 8,
    amount: requests,
    requests: [
      { method: 'GET', path: '/.well-known/ai-plugin.json' },
      { method: 'GET', path: '/me', headers: { authorization: 'Bearer hsa_not-a-real-token' } },
      {
        method: 'POST',
        path: '/oauth/token',
        headers: { 'content-type': 'application/json' },
        body: '{"grant_type":"refresh_token","client_id":"x","client_secret":"y","refresh_token":"z"}',
      },
      { method: 'GET', path: '/nothing-here' },
    ],
  });
  expect(result.errors).toBe(0);
  expect(result.timeouts).toBe(0);
  expect(result['5xx']).toBe(0);
  expect(result.requests.total).toBeGreaterThanOrEqual(requests * 0.99);
  expect(result['2xx'] + result['4xx']).toBe(result.requests.total);

  const listed = (await serve.control('GET', '/api/traffic?limit=1000000')).json as TrafficSummary[];
  expect(listed).toHaveLength(ringSize);
  const kinds = new Set(listed.map((entry) => entry.kind));
  expect(kinds.size).toBeGreaterThan(1);

  expect(await serve.stop()).toBe(0); // SIGTERM flushes the history
  const dir = join(dataDir, 'traffic');
  const files = readdirSync(dir).filter((name) => name.endsWith('.ndjson'));
  const bytes = files.reduce((sum, name) => sum + statSync(join(dir, name)).size, 0);
  expect(files.length).toBeLessThanOrEqual(5);
  expect(bytes).toBeLessThanOrEqual(historyBudgetBytes);
  expect(bytes).toBeGreaterThan(0);
});

import { rmSync } from 'node:fs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { TrafficSummary } from '../../../server/traffic/traffic-entry';
import { startTestCore, type TestCore } from '../support/test-core';

/**
 * Under concurrent load no request goes unrecorded: every answered request is one entry in the log, in memory and
 * in the NDJSON history after a restart, each with its own id.
 */

const requests = 3000;
const concurrency = 32;
let running: TestCore;

beforeAll(async () => {
  running = await startTestCore({ keepDataDir: true });
});

afterAll(async () => {
  await running?.close();
  if (running) rmSync(running.dataDir, { recursive: true, force: true });
});

test(`${requests} concurrent requests of mixed kinds are ${requests} log entries, before and after a restart`, {
  timeout: 120_000,
}, async () => {
  const kinds = [
    () => fetch(`${running.publicUrl}/.well-known/ai-plugin.json`),
    () => fetch(`${running.publicUrl}/me`, { headers: { authorization: 'Bearer hsa_unknown' } }),
    () =>
      fetch(`${running.publicUrl}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"grant_type":"refresh_token"}',
      }),
    () => fetch(`${running.publicUrl}/oauth/authorize?response_type=code`),
  ];
  let next = 0;
  let answered = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < requests) {
        const response = await kinds[next++ % kinds.length]();
        await response.arrayBuffer();
        expect(response.status).toBeLessThan(500);
        answered++;
      }
    }),
  );
  expect(answered).toBe(requests);

  const inMemory = await waitForEntries(requests);
  expect(inMemory).toHaveLength(requests);
  expect(new Set(inMemory.map((entry) => entry.id)).size).toBe(requests);
  expect(new Set(inMemory.map((entry) => entry.kind))).toEqual(new Set(['manifest', 'api', 'token', 'authorize']));

  const dataDir = running.dataDir;
  await running.close();
  running = await startTestCore({ dataDir, keepDataDir: true });
  const reloaded = await running.api.get<TrafficSummary[]>(`/api/traffic?limit=${requests * 2}`);
  expect(reloaded.map((entry) => entry.id).sort()).toEqual(inMemory.map((entry) => entry.id).sort());
});

/** Entries are built just after each answer; give the last ones a moment. */
async function waitForEntries(count: number): Promise<TrafficSummary[]> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const listed = await running.api.get<TrafficSummary[]>(`/api/traffic?limit=${count * 2}`);
    if (listed.length >= count || Date.now() > deadline) return listed;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

// Runs inside Chromium (bundled by scripts/bench-traffic-view.ts): a fake preload API holding N traffic entries.
import type { TrafficEntry, TrafficKind, TrafficSummary } from '../server/traffic/traffic-entry';
import { FakeControlApi, makeEntry, toSummary } from '../test/renderer/fake-control-api';

const kinds: TrafficKind[] = ['manifest', 'openapi', 'authorize', 'login', 'token', 'api', 'api', 'api', 'token', 'other'];

function entry(i: number): TrafficEntry {
  const kind = kinds[i % kinds.length];
  const failed = i % 17 === 0;
  return makeEntry({
    id: `e${i}`,
    time: new Date(Date.UTC(2026, 0, 1) + i * 250).toISOString(),
    kind,
    method: kind === 'token' || kind === 'login' ? 'POST' : 'GET',
    path:
      kind === 'api'
        ? `/todos/${i % 500}`
        : kind === 'token'
          ? '/oauth/token'
          : kind === 'manifest'
            ? '/.well-known/ai-plugin.json'
            : `/${kind}`,
    status: failed ? 401 : kind === 'login' ? 302 : 200,
    userEmail: `user${i % 50}@example.com`,
    flowId: `flow-${Math.floor(i / 8)}`,
    notes: failed ? [{ level: 'error', code: 'client_secret_mismatch', message: `secret mismatch on request ${i}` }] : [],
  });
}

const count = Number(new URLSearchParams(location.search).get('entries') ?? '100');
const api = new FakeControlApi();
// The UI keeps as many rows as the core's ring holds; a developer keeping 100k entries raises it to match.
api.settings.trafficRingSize = Math.max(100, count);
const summaries: TrafficSummary[] = [];
for (let i = 0; i < count; i++) summaries.push(toSummary(entry(i)));
// The list comes from summaries (as the real listTraffic); details are built on demand.
api.listTraffic = async () => summaries;
api.getTrafficEntry = async ({ id }) => entry(Number(id.slice(1)));
(window as unknown as { handshake: FakeControlApi }).handshake = api;

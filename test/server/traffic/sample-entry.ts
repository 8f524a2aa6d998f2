import type { TrafficEntry } from '../../../server/traffic/traffic-entry';
import { newTrafficId } from '../../../server/traffic/traffic-id';

/** A masked token-exchange entry as the recorder would build it; `overrides` change any field. */
export function sampleEntry(overrides: Partial<TrafficEntry> = {}): TrafficEntry {
  return {
    id: newTrafficId(),
    time: new Date().toISOString(),
    kind: 'token',
    method: 'POST',
    path: '/oauth/token',
    query: {},
    status: 200,
    durationMs: 3.25,
    request: {
      headers: { host: 'plugin.example.ngrok.app', 'content-type': 'application/json', 'x-forwarded-proto': 'https' },
      body: {
        contentType: 'application/json',
        text: '{"grant_type":"authorization_code","client_id":"client-1","client_secret":"•••• 5b4a (matches the configured client secret)","code":"•••• 9xyz"}',
        parsed: {
          grant_type: 'authorization_code',
          client_id: 'client-1',
          client_secret: '•••• 5b4a (matches the configured client secret)',
          code: '•••• 9xyz',
        },
        size: 120,
        truncated: false,
      },
    },
    response: {
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: {
        contentType: 'application/json; charset=utf-8',
        text: '{"access_token":"•••• O9p0","token_type":"bearer","refresh_token":"•••• K1j0","expires_in":59}',
        parsed: { access_token: '•••• O9p0', token_type: 'bearer', refresh_token: '•••• K1j0', expires_in: 59 },
        size: 96,
        truncated: false,
      },
    },
    clientId: 'client-1',
    userId: 'user-1',
    userEmail: 'ada@example.com',
    flowId: 'flow-1',
    notes: [],
    ...overrides,
  };
}

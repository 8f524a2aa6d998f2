import { flowMessages, upstreamLaneLabel } from '../../renderer/views/traffic/flow-messages';
import type { TrafficSummary } from '../../server/traffic/traffic-entry';

const row = (kind: TrafficSummary['kind'], status: number, extra: Partial<TrafficSummary> = {}): TrafficSummary => ({
  id: `${kind}-${status}-${extra.rpc ?? ''}`,
  time: '2026-12-06T10:00:00.000Z',
  kind,
  method: 'POST',
  path: kind === 'mcp' ? '/mcp' : `/${kind}`,
  status,
  durationMs: 3,
  clientId: 'dcr_x',
  userEmail: null,
  flowId: 'flw_1',
  worstNote: status >= 400 ? 'error' : null,
  headline: null,
  ...extra,
});

describe('the flow of an MCP connect', () => {
  it('draws the challenge, discovery, registration, sign-in, token and each MCP call through to the MCP server', () => {
    const rows = [
      row('mcp', 401),
      row('discovery', 200),
      row('registration', 201),
      row('authorize', 200),
      row('login', 302),
      row('token', 200),
      row('mcp', 200, { rpc: 'initialize' }),
      row('mcp', 200, { rpc: 'tools/call add_todo' }),
    ];
    const messages = flowMessages(rows);
    expect(upstreamLaneLabel(rows)).toBe('MCP server');
    expect(messages.filter((m) => !m.reply).map((m) => `${m.from}→${m.to}: ${m.label}`)).toEqual([
      'ChatGPT→Handshake: POST /mcp',
      'ChatGPT→Handshake: POST /discovery',
      'ChatGPT→Handshake: POST /registration',
      'Browser→Handshake: POST /authorize',
      'Browser→Handshake: POST /login',
      'Browser→ChatGPT: redirect: code + state',
      'ChatGPT→Handshake: POST /token',
      'ChatGPT→Handshake: POST /mcp · initialize',
      'Handshake→API: POST /mcp',
      'ChatGPT→Handshake: POST /mcp · tools/call add_todo',
      'Handshake→API: POST /mcp',
    ]);
    expect(upstreamLaneLabel([row('api', 200)])).toBe('API');
  });
});

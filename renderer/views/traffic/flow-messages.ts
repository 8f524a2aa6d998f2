import type { TrafficSummary } from '../../../server/traffic/traffic-entry';
import { isFailed } from './failed-request';

export const lanes = ['ChatGPT', 'Browser', 'Handshake', 'API'] as const;

/** What the last lane stands for: the plugin's REST API, or its MCP server. */
export const upstreamLaneLabel = (rows: readonly TrafficSummary[]) => (rows.some((row) => row.kind === 'mcp') ? 'MCP server' : 'API');
export type Lane = (typeof lanes)[number];

export interface FlowMessage {
  entryId: string;
  from: Lane;
  to: Lane;
  label: string;
  /** A reply arrow (dashed). */
  reply: boolean;
  failed: boolean;
  /** Shown beside a failed reply. */
  problem: string | null;
}

/** Who called whom for each request of one install, in order: the arrows of the sequence diagram. */
export function flowMessages(rows: readonly TrafficSummary[]): FlowMessage[] {
  const messages: FlowMessage[] = [];
  for (const row of rows) {
    const failed = isFailed(row);
    const problem = failed ? (row.headline ?? `answered ${row.status}`) : null;
    const request = (from: Lane, to: Lane, label = `${row.method} ${row.path}`) =>
      messages.push({ entryId: row.id, from, to, label, reply: false, failed: false, problem: null });
    const reply = (from: Lane, to: Lane, label = String(row.status)) =>
      messages.push({ entryId: row.id, from, to, label, reply: true, failed, problem });

    const caller: Lane = row.kind === 'authorize' || row.kind === 'login' ? 'Browser' : 'ChatGPT';
    if (row.kind === 'api' || row.kind === 'mcp') {
      request('ChatGPT', 'Handshake', row.rpc ? `${row.method} ${row.path} · ${row.rpc}` : undefined);
      // Handshake checks the bearer token itself; only authorised calls reach the API.
      if (row.status !== 401 && row.status !== 403) {
        request('Handshake', 'API');
        messages.push({ entryId: row.id, from: 'API', to: 'Handshake', label: String(row.status), reply: true, failed, problem: null });
      }
      reply('Handshake', 'ChatGPT');
      continue;
    }
    request(caller, 'Handshake');
    reply(
      'Handshake',
      caller,
      row.kind === 'login' && row.status === 302
        ? '302 → callback'
        : row.kind === 'authorize' && row.status === 200
          ? '200 login page'
          : String(row.status),
    );
    if (row.kind === 'login' && row.status === 302) {
      messages.push({
        entryId: row.id,
        from: 'Browser',
        to: 'ChatGPT',
        label: 'redirect: code + state',
        reply: false,
        failed: false,
        problem: null,
      });
    }
  }
  return messages;
}

import type { McpHostId } from '../../../server/control/control-api';
import type { TrafficKind, TrafficSummary } from '../../../server/traffic/traffic-entry';
import { isMcpHost, mcpHostNames } from '../../state/host-names';
import { isFailed } from './failed-request';

/** Mirrors `trafficKinds` (server/traffic/traffic-entry.ts); the type makes a drift a compile error. */
export const kindOptions = [
  'manifest',
  'openapi',
  'discovery',
  'registration',
  'authorize',
  'login',
  'token',
  'api',
  'mcp',
  'introspect',
  'userinfo',
  'revoke',
  'other',
] as const satisfies readonly TrafficKind[];
type EveryKindListed = [Exclude<TrafficKind, (typeof kindOptions)[number]>] extends [never] ? true : false;
const everyKindListed: EveryKindListed = true;
void everyKindListed;

export type StatusFilter = '' | '2xx' | '3xx' | '4xx' | '5xx' | 'problems';

export interface TrafficFilter {
  kind: TrafficKind | '';
  status: StatusFilter;
  /** The MCP host of the connect (ChatGPT, Codex, Claude …). */
  host: McpHostId | '';
  text: string;
}

export const emptyFilter: TrafficFilter = { kind: '', status: '', host: '', text: '' };

export function isFiltering(filter: TrafficFilter): boolean {
  return filter.kind !== '' || filter.status !== '' || filter.host !== '' || filter.text.trim() !== '';
}

function statusMatches(row: TrafficSummary, status: StatusFilter): boolean {
  if (status === '') return true;
  if (status === 'problems') return isFailed(row) || row.worstNote === 'warn';
  return Math.floor(row.status / 100) === Number(status[0]);
}

function textMatches(row: TrafficSummary, needle: string): boolean {
  return (
    row.path.toLowerCase().includes(needle) ||
    row.method.toLowerCase() === needle ||
    String(row.status) === needle ||
    (row.userEmail?.toLowerCase().includes(needle) ?? false) ||
    (row.headline?.toLowerCase().includes(needle) ?? false) ||
    (row.mcpHost !== undefined && mcpHostNames[row.mcpHost].toLowerCase() === needle) ||
    row.flowId?.toLowerCase() === needle ||
    row.id.toLowerCase() === needle
  );
}

/** The rows to show, newest first. */
export function filterTraffic(entries: readonly TrafficSummary[], filter: TrafficFilter): TrafficSummary[] {
  const needle = filter.text.trim().toLowerCase();
  const out: TrafficSummary[] = [];
  for (let i = entries.length - 1; i >= 0; i--) {
    const row = entries[i];
    if (filter.kind && row.kind !== filter.kind) continue;
    if (filter.host && row.mcpHost !== filter.host) continue;
    if (!statusMatches(row, filter.status)) continue;
    if (needle && !textMatches(row, needle)) continue;
    out.push(row);
  }
  return out;
}

/** Two requests a reader would call "the same again": a poll storm repeats these. */
const sameRequest = (a: TrafficSummary, b: TrafficSummary) =>
  a.method === b.method &&
  a.path === b.path &&
  a.status === b.status &&
  a.kind === b.kind &&
  // Every MCP call is POST /mcp: the JSON-RPC method and tool tell them apart.
  a.rpc === b.rpc &&
  a.mcpHost === b.mcpHost &&
  a.worstNote === b.worstNote &&
  a.headline === b.headline &&
  // A replay stands apart from what it replays, and ChatGPT's requests from local ones.
  Boolean(a.arrival?.replayOf) === Boolean(b.arrival?.replayOf) &&
  a.arrival?.via === b.arrival?.via;

/**
 * Identical consecutive requests shown as one row (the newest) with a count, so a manifest poll storm does not bury
 * the token request. `rows` newest first, as filterTraffic returns them.
 */
export function collapseRepeats(rows: readonly TrafficSummary[]): { rows: TrafficSummary[]; repeats: Map<string, number> } {
  const out: TrafficSummary[] = [];
  const repeats = new Map<string, number>();
  let head: TrafficSummary | null = null;
  for (const row of rows) {
    if (head && sameRequest(head, row)) {
      repeats.set(head.id, (repeats.get(head.id) ?? 1) + 1);
      continue;
    }
    head = row;
    out.push(row);
  }
  return { rows: out, repeats };
}

const statusFilters: readonly StatusFilter[] = ['', '2xx', '3xx', '4xx', '5xx', 'problems'];

/** A filter read back from the address bar; anything unknown is ignored. */
export function filterFromUrl(kind: string | null, status: string | null, text: string | null, host: string | null = null): TrafficFilter {
  return {
    kind: kind && (kindOptions as readonly string[]).includes(kind) ? (kind as TrafficKind) : '',
    status: status && statusFilters.includes(status as StatusFilter) ? (status as StatusFilter) : '',
    host: isMcpHost(host) ? host : '',
    text: text ?? '',
  };
}

import type { TrafficKind, TrafficSummary } from '../../../server/traffic/traffic-entry';

/** Mirrors `trafficKinds` (server/traffic/traffic-entry.ts); the type makes a drift a compile error. */
export const kindOptions = ['manifest', 'openapi', 'discovery', 'registration', 'authorize', 'login', 'token', 'api', 'introspect', 'revoke', 'other'] as const satisfies readonly TrafficKind[];
type EveryKindListed = [Exclude<TrafficKind, (typeof kindOptions)[number]>] extends [never] ? true : false;
const everyKindListed: EveryKindListed = true;
void everyKindListed;

export type StatusFilter = '' | '2xx' | '3xx' | '4xx' | '5xx' | 'problems';

export interface TrafficFilter {
  kind: TrafficKind | '';
  status: StatusFilter;
  text: string;
}

export const emptyFilter: TrafficFilter = { kind: '', status: '', text: '' };

export function isFiltering(filter: TrafficFilter): boolean {
  return filter.kind !== '' || filter.status !== '' || filter.text.trim() !== '';
}

function statusMatches(row: TrafficSummary, status: StatusFilter): boolean {
  if (status === '') return true;
  if (status === 'problems') return row.status >= 400 || row.worstNote === 'error' || row.worstNote === 'warn';
  return Math.floor(row.status / 100) === Number(status[0]);
}

function textMatches(row: TrafficSummary, needle: string): boolean {
  return (
    row.path.toLowerCase().includes(needle) ||
    row.method.toLowerCase() === needle ||
    String(row.status) === needle ||
    (row.userEmail?.toLowerCase().includes(needle) ?? false) ||
    (row.headline?.toLowerCase().includes(needle) ?? false) ||
    (row.flowId?.toLowerCase() === needle) ||
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
    if (!statusMatches(row, filter.status)) continue;
    if (needle && !textMatches(row, needle)) continue;
    out.push(row);
  }
  return out;
}

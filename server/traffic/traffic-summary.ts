import type { TrafficQuery } from '../control/control-api';
import type { NoteLevel, TrafficEntry, TrafficSummary } from './traffic-entry';

const levelRank: Record<NoteLevel, number> = { info: 1, warn: 2, error: 3 };

export function summarize(entry: TrafficEntry): TrafficSummary {
  let worstNote: NoteLevel | null = null;
  let headline: string | null = null;
  for (const note of entry.notes) {
    if (worstNote === null || levelRank[note.level] > levelRank[worstNote]) worstNote = note.level;
    if (headline === null && note.level !== 'info') headline = note.message;
  }
  return {
    id: entry.id,
    time: entry.time,
    kind: entry.kind,
    method: entry.method,
    path: entry.path,
    status: entry.status,
    durationMs: entry.durationMs,
    clientId: entry.clientId,
    userEmail: entry.userEmail,
    flowId: entry.flowId,
    worstNote,
    headline,
    ...(entry.arrival ? { arrival: entry.arrival } : {}),
    ...(entry.rpc ? { rpc: entry.rpc } : {}),
    ...(entry.mcpHost ? { mcpHost: entry.mcpHost } : {}),
  };
}

/** Lower-cased text the `q` filter searches: path, query, notes, client id, user email. */
export function searchText(entry: TrafficEntry): string {
  const parts = [entry.path];
  if (entry.rpc) parts.push(entry.rpc);
  for (const [name, value] of Object.entries(entry.query)) {
    parts.push(`${name}=${Array.isArray(value) ? value.join(',') : value}`);
  }
  for (const note of entry.notes) parts.push(note.code, note.message);
  if (entry.clientId) parts.push(entry.clientId);
  if (entry.userEmail) parts.push(entry.userEmail);
  if (entry.mcpHost) parts.push(entry.mcpHost);
  return parts.join('\n').toLowerCase();
}

/** A compiled TrafficQuery: kind, status (exact or class like 4xx), flowId, mcpHost, q. */
export function queryMatcher(
  query: TrafficQuery,
): (summary: Pick<TrafficSummary, 'kind' | 'status' | 'flowId' | 'mcpHost'>, text: string) => boolean {
  const { kind, status, flowId, mcpHost } = query;
  const statusClass = status?.endsWith('xx') ? Number(status[0]) : null;
  const exactStatus = status && statusClass === null ? Number(status) : null;
  const needle = query.q?.trim().toLowerCase() || null;
  return (summary, text) =>
    (kind === undefined || summary.kind === kind) &&
    (exactStatus === null || summary.status === exactStatus) &&
    (statusClass === null || Math.floor(summary.status / 100) === statusClass) &&
    (flowId === undefined || summary.flowId === flowId) &&
    (mcpHost === undefined || summary.mcpHost === mcpHost) &&
    (needle === null || text.includes(needle));
}

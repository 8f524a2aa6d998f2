import type { McpHostId } from '../hosts/host-profile';
import type { TrafficEntry, TrafficKind, TrafficSummary } from './traffic-entry';
import { searchText, summarize } from './traffic-summary';

/** An entry in the form the traffic log keeps it: its JSON line and what listing and filtering read. */
export interface PreparedEntry {
  id: string;
  kind: TrafficKind;
  status: number;
  flowId: string | null;
  mcpHost?: McpHostId;
  /** Lower-cased text the `q` filter searches. */
  text: string;
  summary: TrafficSummary;
  line: string;
}

/** `line`: the entry's JSON when it is at hand already (read from the history). */
export function prepareEntry(entry: TrafficEntry, line = JSON.stringify(entry)): PreparedEntry {
  return {
    id: entry.id,
    kind: entry.kind,
    status: entry.status,
    flowId: entry.flowId,
    ...(entry.mcpHost ? { mcpHost: entry.mcpHost } : {}),
    text: searchText(entry),
    summary: summarize(entry),
    line,
  };
}

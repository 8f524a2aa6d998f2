import type { NoteLevel, TrafficEntry, TrafficSummary } from '../../server/traffic/traffic-entry';

const rank: Record<NoteLevel, number> = { info: 0, warn: 1, error: 2 };

/** The list row for a full entry pushed by the core (the same shape listTraffic returns). */
export function summarize(entry: TrafficEntry): TrafficSummary {
  let worstNote: NoteLevel | null = null;
  for (const note of entry.notes) if (worstNote === null || rank[note.level] > rank[worstNote]) worstNote = note.level;
  const headline = entry.notes.find((note) => note.level !== 'info')?.message ?? null;
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
  };
}

import { join } from 'node:path';
import type { TrafficQuery } from '../control/control-api';
import type { Har } from './har';
import type { TrafficEntry, TrafficNote, TrafficSummary } from './traffic-entry';
import { harOf } from './traffic-har';
import { TrafficHistory, type TrafficHistoryOptions } from './traffic-history';
import { Ring } from './traffic-ring';
import { queryMatcher, searchText, summarize } from './traffic-summary';

/** What subscribers receive; shaped like the matching ControlEvents so the control service can forward them. */
export type TrafficLogEvent = { type: 'traffic'; entry: TrafficEntry; summary: TrafficSummary } | { type: 'traffic-cleared' };

export interface TrafficLogOptions {
  /** Entries kept in memory (settings.trafficRingSize). Default 5000. */
  capacity?: number;
  /** Where `traffic/` history lives; null keeps the log in memory only. */
  dataDir: string | null;
  /** Rotation and batching of the history files. */
  history?: Omit<TrafficHistoryOptions, 'dir'>;
  /** Version written into HAR exports. */
  appVersion?: string;
}

/**
 * One ring slot. Entries are kept as their JSON line (what the history file holds too) rather than as object
 * graphs: a hundred thousand flat strings cost the garbage collector almost nothing to walk, so a full log does not
 * slow the server down. List and filter read only the summary and the search text.
 */
interface Slot {
  summary: TrafficSummary;
  text: string;
  line: string;
}

export const defaultListLimit = 1000;

/** The traffic log: a bounded in-memory ring, NDJSON history on disk, and a live feed. Entries arrive masked. */
export class TrafficLog {
  private readonly ring: Ring<Slot>;
  private readonly byId = new Map<string, Slot>();
  private readonly listeners = new Set<(event: TrafficLogEvent) => void>();
  private readonly history: TrafficHistory | null;
  private readonly appVersion: string;

  constructor(options: TrafficLogOptions) {
    this.ring = new Ring(options.capacity ?? 5000);
    this.history = options.dataDir ? new TrafficHistory({ ...options.history, dir: join(options.dataDir, 'traffic') }) : null;
    this.appVersion = options.appVersion ?? '0.0.0';
  }

  get size(): number {
    return this.ring.size;
  }

  get capacity(): number {
    return this.ring.capacity;
  }

  /** Reloads the most recent history into the ring (call once, before traffic arrives). Returns lines skipped as corrupt. */
  async load(): Promise<{ loaded: number; skippedLines: number }> {
    if (!this.history) return { loaded: 0, skippedLines: 0 };
    const { entries, skippedLines } = await this.history.load(this.ring.capacity);
    for (const { entry, line } of entries) this.store(entry, line);
    return { loaded: entries.length, skippedLines };
  }

  append(entry: TrafficEntry): void {
    const line = JSON.stringify(entry);
    const slot = this.store(entry, line);
    this.history?.write(line);
    this.emit({ type: 'traffic', entry, summary: slot.summary });
  }

  /** Adds a note to an entry already logged (a diagnosis that needed time) and re-emits it; false when it is gone. */
  addNote(id: string, note: TrafficNote): boolean {
    const slot = this.byId.get(id);
    if (!slot) return false;
    const entry = JSON.parse(slot.line) as TrafficEntry;
    entry.notes.push(note);
    const line = JSON.stringify(entry);
    Object.assign(slot, { summary: summarize(entry), text: searchText(entry), line });
    this.history?.write(line);
    this.emit({ type: 'traffic', entry, summary: slot.summary });
    return true;
  }

  get(id: string): TrafficEntry | null {
    const slot = this.byId.get(id);
    return slot ? (JSON.parse(slot.line) as TrafficEntry) : null;
  }

  /** Newest first. */
  list(query: TrafficQuery = {}): TrafficSummary[] {
    const limit = query.limit ?? defaultListLimit;
    const matches = queryMatcher(query);
    const found: TrafficSummary[] = [];
    for (const slot of this.ring.newestFirst()) {
      if (found.length >= limit) break;
      if (matches(slot.summary, slot.text)) found.push(slot.summary);
    }
    return found;
  }

  /** Everything in the ring, oldest first. */
  entries(): TrafficEntry[] {
    return [...this.ring.oldestFirst()].map((slot) => JSON.parse(slot.line) as TrafficEntry);
  }

  toHar(): Har {
    return harOf(this.entries(), this.appVersion);
  }

  /** Empties the ring and deletes the history files; returns how many entries were in memory. */
  async clear(): Promise<number> {
    const cleared = this.ring.size;
    this.ring.clear();
    this.byId.clear();
    this.emit({ type: 'traffic-cleared' });
    await this.history?.clear();
    return cleared;
  }

  /** Follows settings.trafficRingSize; shrinking drops the oldest entries from memory (history keeps them). */
  resize(capacity: number): void {
    if (capacity === this.ring.capacity) return;
    for (const slot of this.ring.resize(capacity)) this.byId.delete(slot.summary.id);
  }

  subscribe(listener: (event: TrafficLogEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves once every entry appended so far is in the history files. */
  flush(): Promise<void> {
    return this.history?.flush() ?? Promise.resolve();
  }

  async close(): Promise<void> {
    await this.history?.close();
    this.listeners.clear();
  }

  private store(entry: TrafficEntry, line: string): Slot {
    const existing = this.byId.get(entry.id);
    const slot: Slot = { summary: summarize(entry), text: searchText(entry), line };
    if (existing) return Object.assign(existing, slot);
    const evicted = this.ring.push(slot);
    if (evicted) this.byId.delete(evicted.summary.id);
    this.byId.set(entry.id, slot);
    return slot;
  }

  private emit(event: TrafficLogEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        console.warn('traffic log subscriber failed:', error);
      }
    }
  }
}

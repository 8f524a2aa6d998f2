import { join } from 'node:path';
import type { TrafficQuery } from '../control/control-api';
import type { McpHostId } from '../hosts/host-profile';
import type { Har } from './har';
import { type PreparedEntry, prepareEntry } from './prepared-entry';
import { TextArena } from './text-arena';
import { type TrafficEntry, type TrafficKind, type TrafficNote, type TrafficSummary, trafficKinds } from './traffic-entry';
import { harOf } from './traffic-har';
import { TrafficHistory, type TrafficHistoryOptions } from './traffic-history';
import { Ring } from './traffic-ring';
import { queryMatcher } from './traffic-summary';

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
 * One ring slot. An entry is kept as its JSON line (what the history file holds too), with its summary as JSON and
 * its search text, all outside the JS heap (TextArena) rather than as object graphs: a full log of a hundred
 * thousand entries leaves the garbage collector one small object and an id per entry, so it does not slow the
 * server down. Filtering reads the kind, status and flow; only a `q` filter decodes the search texts, and only the
 * summaries a list returns, and the entries asked for, are parsed.
 */
interface Slot {
  id: string;
  kind: TrafficKind;
  status: number;
  flowId: string | null;
  mcpHost?: McpHostId;
  /** Search text, summary JSON and entry line, one after another from `start`. */
  chunk: Buffer;
  start: number;
  textBytes: number;
  summaryBytes: number;
  lineBytes: number;
}

const searchTextOf = (slot: Slot) => TextArena.readPart(slot, 0, slot.textBytes);
const summaryOf = (slot: Slot) => JSON.parse(TextArena.readPart(slot, slot.textBytes, slot.summaryBytes)) as TrafficSummary;
const lineOf = (slot: Slot) => TextArena.readPart(slot, slot.textBytes + slot.summaryBytes, slot.lineBytes);
const entryOf = (slot: Slot) => JSON.parse(lineOf(slot)) as TrafficEntry;

/** Entries loaded from the history carry their own copy of the kind's string: keep one per kind instead. */
const canonicalKinds = new Map<string, TrafficKind>(trafficKinds.map((kind) => [kind, kind]));

export const defaultListLimit = 1000;

/** The traffic log: a bounded in-memory ring, NDJSON history on disk, and a live feed. Entries arrive masked. */
export class TrafficLog {
  private readonly ring: Ring<Slot>;
  private readonly byId = new Map<string, Slot>();
  private readonly arena = new TextArena();
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
    // Each entry goes to the arena as it is read, so the heap never holds the whole history at once.
    const slots: Slot[] = [];
    const loaded = await this.history.load(this.ring.capacity, (entry, line) => slots.push(this.slotOf(prepareEntry(entry, line))));
    slots.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    for (const slot of slots) this.place(slot);
    return loaded;
  }

  append(entry: TrafficEntry): void {
    this.appendPrepared(prepareEntry(entry), entry);
  }

  /** An entry already prepared (the recorder's pipeline); `entry` saves parsing the line again for subscribers. */
  appendPrepared(prepared: PreparedEntry, entry?: TrafficEntry): void {
    this.store(prepared);
    if (this.listeners.size > 0)
      this.emit({ type: 'traffic', entry: entry ?? (JSON.parse(prepared.line) as TrafficEntry), summary: prepared.summary });
  }

  /** Adds a note to an entry already logged (a diagnosis that needed time) and re-emits it; false when it is gone. */
  addNote(id: string, note: TrafficNote): boolean {
    const slot = this.byId.get(id);
    if (!slot) return false;
    const entry = entryOf(slot);
    entry.notes.push(note);
    this.append(entry);
    return true;
  }

  /**
   * A connect flow's host became known after some of its entries were logged (discovery comes before the request
   * that names the client): those entries take it too. Returns how many changed.
   */
  setFlowHost(flowId: string, mcpHost: McpHostId): number {
    let changed = 0;
    for (const slot of [...this.ring.oldestFirst()]) {
      if (slot.flowId !== flowId || slot.mcpHost) continue;
      const entry = entryOf(slot);
      entry.mcpHost = mcpHost;
      this.append(entry);
      changed++;
    }
    return changed;
  }

  get(id: string): TrafficEntry | null {
    const slot = this.byId.get(id);
    return slot ? entryOf(slot) : null;
  }

  /** Newest first. */
  list(query: TrafficQuery = {}): TrafficSummary[] {
    const limit = query.limit ?? defaultListLimit;
    const matches = queryMatcher(query);
    const searchesText = Boolean(query.q?.trim());
    const found: TrafficSummary[] = [];
    for (const slot of this.ring.newestFirst()) {
      if (found.length >= limit) break;
      if (matches(slot, searchesText ? searchTextOf(slot) : '')) found.push(summaryOf(slot));
    }
    return found;
  }

  /** Everything in the ring, oldest first. */
  entries(): TrafficEntry[] {
    return [...this.ring.oldestFirst()].map(entryOf);
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
    for (const slot of this.ring.resize(capacity)) this.byId.delete(slot.id);
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

  /** Puts the entry in its slot (a new one, or the one it already has) and queues its line for the history. */
  private store(prepared: PreparedEntry): void {
    const slot = this.slotOf(prepared);
    const lineStart = slot.start + slot.textBytes + slot.summaryBytes;
    this.history?.write(slot.chunk.subarray(lineStart, lineStart + slot.lineBytes));
    this.place(slot);
  }

  private slotOf(prepared: PreparedEntry): Slot {
    const { chunk, start, lengths } = this.arena.putAll([prepared.text, JSON.stringify(prepared.summary), prepared.line]);
    const [textBytes, summaryBytes, lineBytes] = lengths;
    return {
      id: prepared.id,
      kind: canonicalKinds.get(prepared.kind) ?? prepared.kind,
      status: prepared.status,
      flowId: prepared.flowId,
      mcpHost: prepared.mcpHost,
      chunk,
      start,
      textBytes,
      summaryBytes,
      lineBytes,
    };
  }

  private place(slot: Slot): void {
    const existing = this.byId.get(slot.id);
    if (existing) {
      Object.assign(existing, slot);
      return;
    }
    const evicted = this.ring.push(slot);
    if (evicted) this.byId.delete(evicted.id);
    this.byId.set(slot.id, slot);
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

import type { TrafficEntry, TrafficSummary } from '../../server/traffic/traffic-entry';
import type { Bridge } from '../bridge/bridge';
import { asControlCallError, type ControlCallError } from '../bridge/control-call-error';
import type { EventHub } from './event-hub';

export interface TrafficSnapshot {
  /** Oldest first. */
  entries: readonly TrafficSummary[];
  loading: boolean;
  error: ControlCallError | null;
  /** Changes whenever entries change; cheap memo key for 100k-row lists. */
  version: number;
}

/**
 * The live traffic list: subscribes, then fetches the summaries, and merges both by id. Full entries pushed by the
 * core are kept briefly so opening a fresh request needs no round trip.
 */
export class TrafficStore {
  private entries: TrafficSummary[] = [];
  private index = new Map<string, number>();
  private recentFull = new Map<string, TrafficEntry>();
  private snapshot: TrafficSnapshot = { entries: [], loading: true, error: null, version: 0 };
  private readonly listeners = new Set<() => void>();
  private started = false;
  private pendingDuringLoad: TrafficSummary[] | null = null;
  private loadGeneration = 0;
  private notifyScheduled = false;
  /** The core's ring size: older rows are gone from the server too, so the UI lets them go. */
  private limit = Infinity;

  constructor(
    private readonly api: Bridge,
    private readonly hub: EventHub,
  ) {}

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    this.start();
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): TrafficSnapshot => this.snapshot;

  setLimit(limit: number): void {
    this.limit = limit;
    if (this.trim()) this.update({}, true);
  }

  /** Drops the oldest rows past the limit, in batches (10% slack) so a busy stream doesn't reindex per event. */
  private trim(): boolean {
    if (this.entries.length <= this.limit * 1.1) return false;
    this.entries = this.entries.slice(this.entries.length - this.limit);
    this.index = new Map(this.entries.map((row, i) => [row.id, i]));
    return true;
  }

  /** A full entry seen on the push channel, if still cached. */
  cached(id: string): TrafficEntry | undefined {
    return this.recentFull.get(id);
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.hub.add((event) => {
      if (event.type === 'traffic') this.receive(event.entry, event.summary);
      else if (event.type === 'traffic-cleared') this.clearLocal();
    });
    this.reload();
  }

  reload(): void {
    const mine = ++this.loadGeneration;
    this.pendingDuringLoad = [];
    this.update({ loading: true });
    this.api.listTraffic({ limit: 1_000_000 }).then(
      (rows) => {
        if (mine !== this.loadGeneration) return;
        const sorted = [...rows].sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
        this.entries = [];
        this.index = new Map();
        for (const row of sorted) this.put(row);
        for (const row of this.pendingDuringLoad ?? []) this.put(row);
        this.pendingDuringLoad = null;
        this.update({ loading: false, error: null }, true);
      },
      (failure: unknown) => {
        if (mine !== this.loadGeneration) return;
        this.pendingDuringLoad = null;
        this.update({ loading: false, error: asControlCallError(failure) }, true);
      },
    );
  }

  private receive(entry: TrafficEntry, row: TrafficSummary): void {
    this.recentFull.set(entry.id, entry);
    if (this.recentFull.size > 500) this.recentFull.delete(this.recentFull.keys().next().value as string);
    this.pendingDuringLoad?.push(row);
    this.put(row);
    this.trim();
    this.scheduleNotify();
  }

  private put(row: TrafficSummary): void {
    const at = this.index.get(row.id);
    if (at !== undefined) {
      this.entries[at] = row;
      return;
    }
    this.index.set(row.id, this.entries.length);
    this.entries.push(row);
  }

  private clearLocal(): void {
    this.entries = [];
    this.index = new Map();
    this.recentFull.clear();
    if (this.pendingDuringLoad) this.reload();
    this.update({}, true);
  }

  /** Bursts of events become one render. */
  private scheduleNotify(): void {
    if (this.notifyScheduled) return;
    this.notifyScheduled = true;
    queueMicrotask(() => {
      this.notifyScheduled = false;
      this.update({}, true);
    });
  }

  private update(fields: Partial<Omit<TrafficSnapshot, 'entries' | 'version'>>, entriesChanged = false): void {
    this.snapshot = {
      ...this.snapshot,
      ...fields,
      entries: entriesChanged ? this.entries.slice() : this.snapshot.entries,
      version: this.snapshot.version + (entriesChanged ? 1 : 0),
    };
    for (const listener of [...this.listeners]) listener();
  }
}

import { chmod, type FileHandle, mkdir, open, readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { TrafficEntry } from './traffic-entry';

export interface TrafficHistoryOptions {
  /** Folder of the NDJSON files, e.g. <data-dir>/traffic. */
  dir: string;
  /** A file is rotated once it would grow past this. Default 10 MB. */
  maxFileBytes?: number;
  /** Files kept, the one being written included. Default 5. */
  maxFiles?: number;
  /** Lines are written in batches at most this long after they arrive. Default 100 ms. */
  flushDelayMs?: number;
  /** A write or read that failed; the log keeps working in memory. */
  onError?: (message: string) => void;
}

export interface LoadedHistory {
  /** Entries handed to the caller. */
  loaded: number;
  /** Lines that were not a JSON entry (a line torn by a crash, a corrupt line). */
  skippedLines: number;
}

const filePattern = /^traffic-(\d+)\.ndjson$/;
const fileName = (sequence: number) => `traffic-${String(sequence).padStart(6, '0')}.ndjson`;
const eagerFlushBytes = 1024 * 1024;
const newline = 0x0a;

/**
 * Append-only NDJSON history with size-based rotation. Writes are batched and never block a request:
 * `write` only queues, one file operation runs at a time in the background.
 */
export class TrafficHistory {
  private readonly maxFileBytes: number;
  private readonly maxFiles: number;
  private readonly flushDelayMs: number;
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  private timer: NodeJS.Timeout | null = null;
  private queue: Promise<void> = Promise.resolve();
  private handle: FileHandle | null = null;
  private sequence = 0;
  private fileBytes = 0;
  private lastLineTorn = false;
  private closed = false;
  private readonly reportedErrors = new Set<string>();

  constructor(private readonly options: TrafficHistoryOptions) {
    this.maxFileBytes = options.maxFileBytes ?? 10 * 1024 * 1024;
    this.maxFiles = Math.max(1, options.maxFiles ?? 5);
    this.flushDelayMs = options.flushDelayMs ?? 100;
  }

  /**
   * Reads back the most recent `limit` entries, newest first, one per id (an entry's last line wins), handing each
   * to `accept` as it is read rather than holding them all; then positions writing after them.
   */
  async load(limit: number, accept: (entry: TrafficEntry, line: string) => void): Promise<LoadedHistory> {
    await this.flush();
    return this.enqueue(
      async () => {
        const sequences = await this.fileSequences();
        this.sequence = sequences.at(-1) ?? 0;
        const seen = new Set<string>();
        let skippedLines = 0;
        for (let index = sequences.length - 1; index >= 0 && seen.size < limit; index--) {
          const path = join(this.options.dir, fileName(sequences[index]));
          const text = await readFile(path, 'utf8');
          if (index === sequences.length - 1) {
            this.fileBytes = (await stat(path)).size;
            this.lastLineTorn = text.length > 0 && !text.endsWith('\n');
          }
          let end = text.length;
          while (end > 0 && seen.size < limit) {
            const start = text.lastIndexOf('\n', end - 1) + 1;
            const line = text.slice(start, end);
            end = start - 1;
            if (line === '') continue;
            const entry = parseEntry(line);
            if (!entry) skippedLines++;
            else if (!seen.has(entry.id)) {
              seen.add(entry.id);
              accept(entry, line);
            }
          }
        }
        return { loaded: seen.size, skippedLines };
      },
      { loaded: 0, skippedLines: 0 },
    );
  }

  /**
   * Queues one entry's JSON line, as UTF-8 bytes without the newline: the traffic log passes a view of the bytes it
   * keeps anyway, so a line is neither encoded again nor held as a string until the batch is written.
   */
  write(line: Uint8Array): void {
    if (this.closed) return;
    this.pending.push(line);
    this.pendingBytes += line.length + 1;
    if (this.pendingBytes >= eagerFlushBytes) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.flushDelayMs);
  }

  /** Resolves once everything written so far is on disk. */
  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.pending.length === 0) return this.queue;
    const lines = this.pending;
    this.pending = [];
    this.pendingBytes = 0;
    return this.enqueue(() => this.append(lines), undefined);
  }

  /** Deletes every history file (and drops lines not yet written). */
  clear(): Promise<void> {
    this.pending = [];
    this.pendingBytes = 0;
    return this.enqueue(async () => {
      await this.closeFile();
      for (const sequence of await this.fileSequences()) {
        await rm(join(this.options.dir, fileName(sequence)), { force: true });
      }
      this.sequence = 0;
      this.fileBytes = 0;
      this.lastLineTorn = false;
    }, undefined);
  }

  async close(): Promise<void> {
    await this.flush();
    this.closed = true;
    await this.enqueue(() => this.closeFile(), undefined);
  }

  private enqueue<T>(operation: () => Promise<T>, onFailure: T): Promise<T> {
    const result = this.queue.then(operation).catch((error: unknown) => {
      this.report(error);
      return onFailure;
    });
    this.queue = result.then(() => undefined);
    return result;
  }

  private async append(lines: Uint8Array[]): Promise<void> {
    let batch: Uint8Array[] = [];
    let batchBytes = 0;
    for (const line of lines) {
      const lineBytes = line.length + 1;
      if (this.fileBytes + batchBytes > 0 && this.fileBytes + batchBytes + lineBytes > this.maxFileBytes) {
        await this.writeToFile(batch, batchBytes);
        await this.rotate();
        batch = [];
        batchBytes = 0;
      }
      batch.push(line);
      batchBytes += lineBytes;
    }
    await this.writeToFile(batch, batchBytes);
  }

  /** `bytes`: the lines' length with their newlines. A torn last line in the file is ended first. */
  private async writeToFile(lines: Uint8Array[], bytes: number): Promise<void> {
    if (lines.length === 0) return;
    if (!this.handle) {
      await mkdir(this.options.dir, { recursive: true, mode: 0o700 });
      await chmod(this.options.dir, 0o700);
      if (this.sequence === 0) this.sequence = 1;
      this.handle = await open(join(this.options.dir, fileName(this.sequence)), 'a', 0o600);
    }
    const endTornLine = this.lastLineTorn ? 1 : 0;
    const batch = Buffer.allocUnsafe(endTornLine + bytes);
    let offset = 0;
    if (endTornLine) batch[offset++] = newline;
    for (const line of lines) {
      batch.set(line, offset);
      offset += line.length;
      batch[offset++] = newline;
    }
    await this.handle.write(batch);
    this.fileBytes += batch.length;
    this.lastLineTorn = false;
  }

  private async rotate(): Promise<void> {
    await this.closeFile();
    this.sequence++;
    this.fileBytes = 0;
    this.lastLineTorn = false;
    for (const sequence of await this.fileSequences()) {
      if (sequence <= this.sequence - this.maxFiles) await rm(join(this.options.dir, fileName(sequence)), { force: true });
    }
  }

  private async closeFile(): Promise<void> {
    const handle = this.handle;
    this.handle = null;
    await handle?.close();
  }

  private async fileSequences(): Promise<number[]> {
    let names: string[];
    try {
      names = await readdir(this.options.dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    return names
      .map((name) => filePattern.exec(name))
      .filter((match): match is RegExpExecArray => match !== null)
      .map((match) => Number(match[1]))
      .sort((a, b) => a - b);
  }

  private report(error: unknown): void {
    const message = `traffic history in ${this.options.dir}: ${error instanceof Error ? error.message : String(error)}`;
    if (this.reportedErrors.has(message)) return;
    this.reportedErrors.add(message);
    (this.options.onError ?? ((line: string) => console.warn(line)))(message);
  }
}

function parseEntry(line: string): TrafficEntry | null {
  try {
    const value = JSON.parse(line) as Partial<TrafficEntry> | null;
    if (
      value &&
      typeof value === 'object' &&
      typeof value.id === 'string' &&
      typeof value.kind === 'string' &&
      Array.isArray(value.notes)
    ) {
      return value as TrafficEntry;
    }
  } catch {
    // a torn or corrupt line: counted by the caller
  }
  return null;
}

import { closeSync, existsSync, fchmodSync, fstatSync, ftruncateSync, openSync, readFileSync, writeSync } from 'node:fs';
import { type JournalEntry, parseJournalEntry } from './journal-entry';

export const journalFileName = 'handshake.journal';

/** Past this size the next save writes a snapshot instead of another line: replay at start stays quick. */
export const journalCompactBytes = 4 * 1024 * 1024;

export interface JournalReading {
  /** The entries of every good line up to the first bad one, with their line numbers (from 1). */
  entries: { line: number; entry: JournalEntry }[];
  /** Bytes of a last line cut off without its newline (an interrupted append): ignored. */
  tornBytes: number;
  /** The first complete line that is not an entry; nothing after it was read. */
  bad: { line: number; reason: string } | null;
  /** The journal's text from line `line` (from 1) on, as read. */
  textFrom(line: number): string;
}

/** Null when there is no journal or it is empty. */
export function readJournal(file: string): JournalReading | null {
  if (!existsSync(file)) return null;
  const text = readFileSync(file, 'utf8');
  if (text.length === 0) return null;
  const lines = text.split('\n');
  // After the last newline: '' when the last append completed, else what an interrupted one left.
  const tail = lines.pop()!;
  const textFrom = (line: number) => [...lines.slice(line - 1), tail].join('\n');
  const reading: JournalReading = { entries: [], tornBytes: 0, bad: null, textFrom };
  for (const [index, line] of lines.entries()) {
    if (line.trim() === '') continue;
    const entry = parseJournalEntry(line);
    if (typeof entry === 'string') {
      reading.bad = { line: index + 1, reason: entry };
      return reading;
    }
    reading.entries.push({ line: index + 1, entry });
  }
  if (tail.trim() !== '') {
    // Only the newline missing: the entry itself is whole.
    const entry = parseJournalEntry(tail);
    if (typeof entry === 'string') reading.tornBytes = Buffer.byteLength(tail);
    else reading.entries.push({ line: lines.length + 1, entry });
  }
  return reading;
}

/**
 * The append-only side of the store: one fd kept open in append mode, one write per group commit.
 * 0600 like the snapshot: lines hold grant and code records (hashes only, but still the user's data).
 */
export class Journal {
  private constructor(
    private fd: number,
    private bytes: number,
  ) {}

  static open(file: string): Journal {
    const fd = openSync(file, 'a', 0o600);
    // The mode given to open applies only to a new file.
    fchmodSync(fd, 0o600);
    return new Journal(fd, fstatSync(fd).size);
  }

  get size(): number {
    return this.bytes;
  }

  /** Throws without leaving part of `text` behind, so the next append starts on a line of its own. */
  append(text: string): void {
    const length = Buffer.byteLength(text);
    // Throws only when nothing was written; a write cut short (disk full) returns what it took.
    const written = writeSync(this.fd, text);
    if (written !== length) {
      ftruncateSync(this.fd, this.bytes);
      throw new Error(`the journal took ${written} of ${length} bytes (is the disk full?)`);
    }
    this.bytes += length;
  }

  truncate(): void {
    ftruncateSync(this.fd, 0);
    this.bytes = 0;
  }

  close(): void {
    closeSync(this.fd);
  }
}

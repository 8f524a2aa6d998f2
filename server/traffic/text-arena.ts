/**
 * Strings kept outside the JavaScript heap, as UTF-8 in chunks of a few hundred KB.
 *
 * A full traffic log holds a hundred thousand entries of a few KB each. As heap strings they made every major
 * garbage collection mark, and every promotion copy, hundreds of MB, so the server slowed down as the log filled.
 * A chunk's bytes live in an ArrayBuffer the collector never looks inside; a chunk is freed by the collector
 * once no stored text refers to it any more (the log drops its oldest entries first, so whole chunks fall out).
 */
/** Several strings stored one after another in one chunk, from `start`; `lengths` are their UTF-8 byte counts. */
export interface StoredTexts {
  readonly chunk: Buffer;
  readonly start: number;
  readonly lengths: number[];
}

/** UTF-8 needs at most 3 bytes per UTF-16 code unit. */
const maxBytesPerCodeUnit = 3;

/** The first chunk; each next one is twice as big, up to chunkBytes, so a log that holds little costs little. */
const firstChunkBytes = 16 * 1024;

export class TextArena {
  private chunk: Buffer = Buffer.alloc(0);
  private used = 0;

  constructor(private readonly chunkBytes = 256 * 1024) {}

  /** Bytes of the chunk being filled (earlier chunks are owned by the texts stored in them). */
  get currentChunkBytes(): number {
    return this.chunk.length;
  }

  /**
   * Stores the texts one after another in one chunk. They must be well-formed UTF-16 (JSON.stringify's output is):
   * a lone surrogate would read back as U+FFFD.
   */
  putAll(texts: string[]): StoredTexts {
    let units = 0;
    for (const text of texts) units += text.length;
    const room = this.chunk.length - this.used;
    if (units * maxBytesPerCodeUnit > room) {
      let bytes = 0;
      for (const text of texts) bytes += Buffer.byteLength(text);
      if (bytes > this.chunkBytes / 4) return writeAll(Buffer.allocUnsafeSlow(bytes), 0, texts);
      if (bytes > room) {
        const next = Math.min(this.chunkBytes, Math.max(firstChunkBytes, this.chunk.length * 2));
        this.chunk = Buffer.allocUnsafeSlow(Math.max(next, bytes));
        this.used = 0;
      }
    }
    const stored = writeAll(this.chunk, this.used, texts);
    for (const length of stored.lengths) this.used += length;
    return stored;
  }

  /** The text `length` bytes long, `offset` bytes after the start of what putAll stored. */
  static readPart(stored: { chunk: Buffer; start: number }, offset: number, length: number): string {
    return stored.chunk.toString('utf8', stored.start + offset, stored.start + offset + length);
  }
}

function writeAll(chunk: Buffer, start: number, texts: string[]): StoredTexts {
  const lengths: number[] = [];
  let offset = start;
  for (const text of texts) {
    const length = chunk.write(text, offset);
    lengths.push(length);
    offset += length;
  }
  return { chunk, start, lengths };
}

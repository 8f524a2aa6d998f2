/**
 * Strings kept outside the JavaScript heap, as UTF-8 in chunks of a few hundred KB.
 *
 * A full traffic log holds a hundred thousand entries of a few KB each. As heap strings they made every major
 * garbage collection mark, and every promotion copy, hundreds of MB, so the server slowed down as the log filled.
 * A chunk's bytes live in an ArrayBuffer the collector never looks inside; a chunk is freed by the collector
 * once no stored text refers to it any more (the log drops its oldest entries first, so whole chunks fall out).
 */
export interface StoredText {
  readonly chunk: Buffer;
  readonly start: number;
  readonly length: number;
}

/** UTF-8 needs at most 3 bytes per UTF-16 code unit. */
const maxBytesPerCodeUnit = 3;

export class TextArena {
  private chunk: Buffer;
  private used = 0;

  constructor(private readonly chunkBytes = 256 * 1024) {
    this.chunk = Buffer.allocUnsafeSlow(chunkBytes);
  }

  /** `text` must be well-formed UTF-16 (JSON.stringify's output is): a lone surrogate would read back as U+FFFD. */
  put(text: string): StoredText {
    const room = this.chunk.length - this.used;
    if (text.length * maxBytesPerCodeUnit > room) {
      const bytes = Buffer.byteLength(text);
      if (bytes > this.chunkBytes / 4) return { chunk: Buffer.from(text), start: 0, length: bytes };
      if (bytes > room) {
        this.chunk = Buffer.allocUnsafeSlow(this.chunkBytes);
        this.used = 0;
      }
    }
    const start = this.used;
    const length = this.chunk.write(text, start);
    this.used += length;
    return { chunk: this.chunk, start, length };
  }

  static read(stored: StoredText): string {
    return stored.chunk.toString('utf8', stored.start, stored.start + stored.length);
  }

  /** A view of the stored UTF-8 bytes (no copy). */
  static bytes(stored: StoredText): Buffer {
    return stored.chunk.subarray(stored.start, stored.start + stored.length);
  }
}

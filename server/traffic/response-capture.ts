import type { ServerResponse } from 'node:http';

type Chunk = string | Uint8Array;

/**
 * Keeps the first `limit` bytes a response writes, by wrapping res.write and res.end. Chunks are kept by
 * reference (nothing is copied or decoded on the request path), so streamed answers are neither buffered nor slowed.
 */
export class ResponseCapture {
  private chunks: Buffer[] = [];
  private stringChunks: { index: number; text: string; encoding: BufferEncoding }[] | null = null;
  private captured = 0;
  /** Bytes written in all (the body's size). */
  size = 0;

  constructor(private readonly limit: number) {}

  attach(res: ServerResponse): void {
    const write = res.write;
    const end = res.end;
    const capture = this;
    res.write = function (this: ServerResponse, chunk: unknown, ...rest: unknown[]) {
      capture.take(chunk, rest[0]);
      return (write as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
    } as typeof res.write;
    res.end = function (this: ServerResponse, chunk?: unknown, ...rest: unknown[]) {
      if (typeof chunk !== 'function') capture.take(chunk, rest[0]);
      return (end as (...args: unknown[]) => ServerResponse).call(this, chunk, ...rest);
    } as typeof res.end;
  }

  get truncated(): boolean {
    return this.size > Math.min(this.captured, this.limit);
  }

  /**
   * The whole body when it was written as one UTF-8 string (what res.json and res.send do), so it need not be
   * encoded to bytes and decoded back; null otherwise. A string with surrogates is left to bytes(), which is what
   * turns a lone one into U+FFFD as the wire did.
   */
  wholeText(): string | null {
    const only = this.stringChunks?.length === 1 && this.chunks.length === 1 ? this.stringChunks[0] : null;
    if (!only || this.captured !== this.size || (only.encoding !== 'utf8' && only.encoding !== 'utf-8')) return null;
    return surrogate.test(only.text) ? null : only.text;
  }

  /** The captured bytes; call off the request path. */
  bytes(): Buffer {
    if (this.stringChunks) {
      for (const { index, text, encoding } of this.stringChunks) this.chunks[index] = Buffer.from(text, encoding);
      this.stringChunks = null;
    }
    const all = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks);
    return all.length > this.limit ? all.subarray(0, this.limit) : all;
  }

  private take(chunk: unknown, encodingArgument: unknown): void {
    if (chunk === undefined || chunk === null) return;
    if (typeof chunk === 'string') {
      const encoding = typeof encodingArgument === 'string' ? (encodingArgument as BufferEncoding) : 'utf8';
      const length = Buffer.byteLength(chunk, encoding);
      if (length === 0) return;
      this.size += length;
      if (this.captured >= this.limit) return;
      this.captured += length;
      // Placeholder until bytes() encodes it: the string is immutable, so keeping it is as good as copying.
      (this.stringChunks ??= []).push({ index: this.chunks.length, text: chunk, encoding });
      this.chunks.push(EMPTY);
      return;
    }
    if (chunk instanceof Uint8Array) {
      if (chunk.length === 0) return;
      this.size += chunk.length;
      if (this.captured >= this.limit) return;
      this.captured += chunk.length;
      this.chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length));
    }
  }
}

const EMPTY = Buffer.alloc(0);
const surrogate = /[\uD800-\uDFFF]/;

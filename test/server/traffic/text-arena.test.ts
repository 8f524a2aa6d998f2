import { describe, expect, it } from 'vitest';
import { type StoredTexts, TextArena } from '../../../server/traffic/text-arena';

const put = (arena: TextArena, text: string) => arena.putAll([text]);
const read = (stored: StoredTexts) => TextArena.readPart(stored, 0, stored.lengths[0]);

describe('TextArena: strings kept outside the JS heap', () => {
  it('reads back every string exactly, across many chunks', () => {
    const arena = new TextArena(1024);
    const samples = [
      '',
      'plain ascii',
      'ünïcødé ✓',
      '日本語のテキスト',
      'emoji 🔐🔑 and \\u escapes',
      JSON.stringify({ lone: '\ud800' }),
      'x'.repeat(200),
    ];
    const stored = Array.from({ length: 500 }, (_, n) => {
      const text = `${n}:${samples[n % samples.length]}`;
      return { text, at: put(arena, text) };
    });
    for (const { text, at } of stored) expect(read(at)).toBe(text);
    expect(new Set(stored.map(({ at }) => at.chunk)).size).toBeGreaterThan(10);
  });

  it('fills a chunk to the byte when the text fits, even where the 3-bytes-per-unit estimate says it might not', () => {
    const arena = new TextArena(256);
    const fills = Array.from({ length: 4 }, () => put(arena, 'a'.repeat(60)));
    const last = put(arena, 'b'.repeat(16));
    expect(last.chunk).toBe(fills[0].chunk);
    expect(last.start).toBe(240);
    const next = put(arena, 'c');
    expect(next.chunk).not.toBe(fills[0].chunk);
    expect([...fills, last, next].map(read)).toEqual([...Array(4).fill('a'.repeat(60)), 'b'.repeat(16), 'c']);
  });

  it('stores several texts one after another in one chunk, readable by offset', () => {
    const arena = new TextArena(1024);
    put(arena, 'x'.repeat(1000));
    const parts = ['search text', '{"summary":"ü"}', '{"line":"日本"}'];
    const stored = arena.putAll(parts);
    expect(stored.start).toBe(0);
    expect(stored.lengths).toEqual(parts.map((part) => Buffer.byteLength(part)));
    let offset = 0;
    for (const [index, part] of parts.entries()) {
      expect(TextArena.readPart(stored, offset, stored.lengths[index])).toBe(part);
      offset += stored.lengths[index];
    }
  });

  it('gives a large text a chunk of its own, leaving the shared chunk for small ones', () => {
    const arena = new TextArena(1024);
    const small = put(arena, 'small');
    const large = put(arena, 'é'.repeat(5000));
    const next = put(arena, 'next');
    expect(large.chunk).not.toBe(small.chunk);
    expect(large.lengths[0]).toBe(10_000);
    expect(next.chunk).toBe(small.chunk);
    expect(read(large)).toBe('é'.repeat(5000));
  });
});

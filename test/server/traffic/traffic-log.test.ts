import { describe, expect, it, vi } from 'vitest';
import { TrafficLog, type TrafficLogEvent } from '../../../server/traffic/traffic-log';
import { sampleEntry } from './sample-entry';

const memoryLog = (capacity = 100) => new TrafficLog({ dataDir: null, capacity });

describe('TrafficLog ring', () => {
  it('keeps at most its capacity, dropping the oldest, and forgets dropped ids', () => {
    const log = memoryLog(100);
    const entries = Array.from({ length: 250 }, (_, n) => sampleEntry({ path: `/n/${n}` }));
    for (const entry of entries) log.append(entry);
    expect(log.size).toBe(100);
    expect(log.get(entries[149].id)).toBeNull();
    expect(log.get(entries[150].id)?.path).toBe('/n/150');
    expect(log.entries().map((e) => e.path)).toEqual(entries.slice(150).map((e) => e.path));
    expect(log.list({ limit: 1_000_000 }).map((s) => s.path)).toEqual(
      entries
        .slice(150)
        .reverse()
        .map((e) => e.path),
    );
  });

  it('resizes: shrinking drops the oldest, growing keeps everything', () => {
    const log = memoryLog(100);
    const entries = Array.from({ length: 100 }, (_, n) => sampleEntry({ path: `/n/${n}` }));
    for (const entry of entries) log.append(entry);
    log.resize(40);
    expect(log.size).toBe(40);
    expect(log.get(entries[59].id)).toBeNull();
    expect(log.entries()[0].path).toBe('/n/60');
    log.resize(200);
    for (let n = 100; n < 250; n++) log.append(sampleEntry({ path: `/n/${n}` }));
    expect(log.size).toBe(190);
    expect(log.capacity).toBe(200);
  });

  it('lists summaries newest first, filtered by kind, status, class, flow and text, up to a limit', () => {
    const log = memoryLog();
    log.append(
      sampleEntry({ kind: 'authorize', method: 'GET', path: '/oauth/authorize', status: 200, flowId: 'f1', query: { state: 'abc' } }),
    );
    log.append(
      sampleEntry({
        status: 401,
        flowId: 'f1',
        notes: [{ level: 'error', code: 'invalid_client', message: 'The secret does not match.' }],
      }),
    );
    log.append(sampleEntry({ kind: 'api', path: '/api/todos', status: 200, flowId: 'f2', userEmail: 'grace@example.com' }));
    log.append(sampleEntry({ kind: 'api', path: '/api/todos', status: 404, flowId: 'f2', clientId: 'other-client' }));

    expect(log.list().map((s) => s.status)).toEqual([404, 200, 401, 200]);
    expect(log.list({ kind: 'api' })).toHaveLength(2);
    expect(log.list({ status: '401' }).map((s) => s.kind)).toEqual(['token']);
    expect(log.list({ status: '4xx' }).map((s) => s.status)).toEqual([404, 401]);
    expect(log.list({ status: '2xx', kind: 'api' })).toHaveLength(1);
    expect(log.list({ flowId: 'f1' })).toHaveLength(2);
    expect(log.list({ q: 'DOES NOT MATCH' }).map((s) => s.status)).toEqual([401]);
    expect(log.list({ q: 'invalid_client' })).toHaveLength(1);
    expect(log.list({ q: 'state=abc' })).toHaveLength(1);
    expect(log.list({ q: 'grace@' })).toHaveLength(1);
    expect(log.list({ q: 'other-client' })).toHaveLength(1);
    expect(log.list({ q: 'todos' })).toHaveLength(2);
    expect(log.list({ limit: 3 })).toHaveLength(3);

    const [, , invalid] = log.list();
    expect(invalid).toEqual({
      id: expect.any(String),
      time: expect.any(String),
      kind: 'token',
      method: 'POST',
      path: '/oauth/token',
      status: 401,
      durationMs: 3.25,
      clientId: 'client-1',
      userEmail: 'ada@example.com',
      flowId: 'f1',
      worstNote: 'error',
      headline: 'The secret does not match.',
    });
  });

  it('summarises the worst note and the first warning or error as the headline', () => {
    const log = memoryLog();
    log.append(
      sampleEntry({
        notes: [
          { level: 'info', code: 'scope_empty', message: 'scope empty' },
          { level: 'warn', code: 'no_refresh_token', message: 'no refresh token' },
          { level: 'error', code: 'invalid_grant', message: 'code reused' },
        ],
      }),
    );
    log.append(sampleEntry({ notes: [{ level: 'info', code: 'pkce_sent', message: 'pkce' }] }));
    expect(log.list().map(({ worstNote, headline }) => ({ worstNote, headline }))).toEqual([
      { worstNote: 'info', headline: null },
      { worstNote: 'error', headline: 'no refresh token' },
    ]);
  });

  it('streams appended entries, updated entries and clears to subscribers until they unsubscribe', async () => {
    const log = memoryLog();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const events: TrafficLogEvent[] = [];
    const unsubscribe = log.subscribe((event) => events.push(event));
    log.subscribe(() => {
      throw new Error('a broken subscriber does not stop the others');
    });
    const entry = sampleEntry();
    log.append(entry);
    expect(log.addNote(entry.id, { level: 'warn', code: 'late', message: 'a late note' })).toBe(true);
    expect(log.addNote('missing', { level: 'warn', code: 'late', message: 'x' })).toBe(false);
    expect(await log.clear()).toBe(1);
    unsubscribe();
    log.append(sampleEntry());
    expect(events.map((event) => (event.type === 'traffic' ? `${event.entry.id}:${event.entry.notes.length}` : event.type))).toEqual([
      `${entry.id}:0`,
      `${entry.id}:1`,
      'traffic-cleared',
    ]);
    expect(log.size).toBe(1);
    expect(warn).toHaveBeenCalledWith('traffic log subscriber failed:', expect.any(Error));
    warn.mockRestore();
  });

  it('get returns a copy: changing it does not change the log', () => {
    const log = memoryLog();
    const entry = sampleEntry();
    log.append(entry);
    log.get(entry.id)!.notes.push({ level: 'error', code: 'x', message: 'x' });
    expect(log.get(entry.id)!.notes).toEqual([]);
  });
});

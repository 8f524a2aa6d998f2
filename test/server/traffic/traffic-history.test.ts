import { appendFile, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TrafficLog, type TrafficLogOptions } from '../../../server/traffic/traffic-log';
import { sampleEntry } from './sample-entry';

let dataDir: string;
const historyDir = () => join(dataDir, 'traffic');
const logs: TrafficLog[] = [];

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'handshake-history-'));
});
afterEach(async () => {
  for (const log of logs.splice(0)) await log.close();
  await rm(dataDir, { recursive: true, force: true });
});

function openLog(options: Partial<TrafficLogOptions> = {}): TrafficLog {
  const log = new TrafficLog({ dataDir, capacity: 100, ...options });
  logs.push(log);
  return log;
}

async function historyFiles(): Promise<string[]> {
  return (await readdir(historyDir())).sort();
}

describe('traffic history (NDJSON)', () => {
  it('appends one JSON line per entry, batched, into <dataDir>/traffic', async () => {
    const log = openLog();
    const entries = [sampleEntry(), sampleEntry(), sampleEntry()];
    for (const entry of entries) log.append(entry);
    await expect(readdir(historyDir())).rejects.toThrow();
    await log.flush();
    const files = await historyFiles();
    expect(files).toEqual(['traffic-000001.ndjson']);
    const lines = (await readFile(join(historyDir(), files[0]), 'utf8')).trimEnd().split('\n');
    expect(lines.map((line) => JSON.parse(line))).toEqual(entries);
    expect((await stat(join(historyDir(), files[0]))).mode & 0o777).toBe(0o600);
  });

  it('rotates by size and keeps only the newest files', async () => {
    const log = openLog({ history: { maxFileBytes: 4096, maxFiles: 3 } });
    const lineBytes = JSON.stringify(sampleEntry()).length + 1;
    const entries = Array.from({ length: 40 }, () => sampleEntry());
    for (const entry of entries) {
      log.append(entry);
      await log.flush();
    }
    const files = await historyFiles();
    expect(files).toHaveLength(3);
    const perFile = Math.floor(4096 / lineBytes);
    const totalFiles = Math.ceil(40 / perFile);
    expect(files.at(-1)).toBe(`traffic-${String(totalFiles).padStart(6, '0')}.ndjson`);
    for (const file of files) expect((await stat(join(historyDir(), file))).size).toBeLessThanOrEqual(4096);
    const kept = (await Promise.all(files.map((file) => readFile(join(historyDir(), file), 'utf8'))))
      .join('')
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line).id);
    expect(kept).toEqual(entries.slice(-kept.length).map((entry) => entry.id));
  });

  it('rotates inside one large batch too', async () => {
    const log = openLog({ history: { maxFileBytes: 4096, maxFiles: 100 } });
    for (let n = 0; n < 30; n++) log.append(sampleEntry());
    await log.flush();
    const files = await historyFiles();
    expect(files.length).toBeGreaterThan(5);
    let lines = 0;
    for (const file of files) {
      const text = await readFile(join(historyDir(), file), 'utf8');
      expect(Buffer.byteLength(text)).toBeLessThanOrEqual(4096);
      lines += text.trimEnd().split('\n').length;
    }
    expect(lines).toBe(30);
  });

  it('writes and reloads text outside ASCII byte for byte', async () => {
    const first = openLog();
    const entry = sampleEntry({ path: '/ünïcødé/日本語/🔐', userEmail: 'zoë@exämple.com' });
    first.append(entry);
    await first.close();
    const second = openLog();
    await second.load();
    expect(second.get(entry.id)).toEqual(entry);
  });

  it('reloads the most recent entries on restart, up to the ring capacity, newest line of an entry winning', async () => {
    const first = openLog({ history: { maxFileBytes: 64 * 1024 } });
    const entries = Array.from({ length: 150 }, (_, n) => sampleEntry({ path: `/n/${n}` }));
    for (const entry of entries) first.append(entry);
    first.addNote(entries[149].id, { level: 'warn', code: 'token_never_requested', message: 'later' });
    await first.close();

    const second = openLog({ capacity: 100 });
    expect(await second.load()).toEqual({ loaded: 100, skippedLines: 0 });
    expect(second.entries().map((e) => e.path)).toEqual(entries.slice(50).map((e) => e.path));
    expect(second.get(entries[149].id)?.notes.map((n) => n.code)).toEqual(['token_never_requested']);
    expect(second.list()[0].worstNote).toBe('warn');

    // and keeps appending after what it loaded
    const next = sampleEntry({ path: '/after-restart' });
    second.append(next);
    await second.close();
    const third = openLog({ capacity: 1000 });
    expect((await third.load()).loaded).toBe(151);
    expect(third.entries().at(-1)?.path).toBe('/after-restart');
  });

  it('tolerates a torn last line and a corrupt line, and keeps writing whole lines after them', async () => {
    const first = openLog();
    const entries = [sampleEntry(), sampleEntry(), sampleEntry()];
    for (const entry of entries) first.append(entry);
    await first.close();
    const file = join(historyDir(), 'traffic-000001.ndjson');
    const text = await readFile(file, 'utf8');
    const lines = text.trimEnd().split('\n');
    await writeFile(file, `${lines[0]}\nnot json at all\n${lines[1]}\n${lines[2]}\n${JSON.stringify(sampleEntry()).slice(0, 70)}`);

    const second = openLog();
    expect(await second.load()).toEqual({ loaded: 3, skippedLines: 2 });
    expect(second.entries().map((e) => e.id)).toEqual(entries.map((e) => e.id));
    const after = sampleEntry();
    second.append(after);
    await second.close();

    const third = openLog();
    expect(await third.load()).toEqual({ loaded: 4, skippedLines: 2 });
    expect(third.entries().at(-1)?.id).toBe(after.id);
  });

  it('starts empty without history, and with an empty history folder', async () => {
    expect(await openLog().load()).toEqual({ loaded: 0, skippedLines: 0 });
    await appendFile(join(dataDir, 'unrelated.txt'), 'x');
    const log = openLog();
    log.append(sampleEntry());
    await log.flush();
    await writeFile(join(historyDir(), 'traffic-000001.ndjson'), '');
    expect(await openLog().load()).toEqual({ loaded: 0, skippedLines: 0 });
  });

  it('clear() empties the ring and deletes the history files; later entries start a new history', async () => {
    const log = openLog({ history: { maxFileBytes: 4096 } });
    for (let n = 0; n < 20; n++) log.append(sampleEntry());
    await log.flush();
    expect((await historyFiles()).length).toBeGreaterThan(1);
    log.append(sampleEntry());
    expect(await log.clear()).toBe(21);
    expect(await historyFiles()).toEqual([]);
    expect(log.size).toBe(0);
    const fresh = sampleEntry();
    log.append(fresh);
    await log.close();
    const reopened = openLog();
    await reopened.load();
    expect(reopened.entries().map((e) => e.id)).toEqual([fresh.id]);
  });

  it('keeps working in memory and reports once when the history cannot be written', async () => {
    await writeFile(join(dataDir, 'traffic'), 'a file where the folder should be');
    const errors: string[] = [];
    const log = openLog({ history: { onError: (message) => errors.push(message) } });
    log.append(sampleEntry());
    await log.flush();
    log.append(sampleEntry());
    await log.flush();
    expect(log.size).toBe(2);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^traffic history in .*traffic: /);
  });
});

import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { storeFileName } from '../../../server/store/database';
import type { TrafficSummary } from '../../../server/traffic/traffic-entry';
import { startTestCore, type TestCore } from '../support/test-core';

/**
 * What a crash, a full disk or a stray editor leaves behind: a store file cut short or mangled, a temp file from an
 * interrupted write, a traffic history whose last line was torn. Each start must say what it did and keep the bytes.
 */

const dirs: string[] = [];
const running: TestCore[] = [];

afterEach(async () => {
  for (const core of running.splice(0)) await core.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function newDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'handshake-damaged-'));
  dirs.push(dir);
  return dir;
}

async function start(dataDir: string): Promise<TestCore> {
  const core = await startTestCore({ dataDir });
  running.push(core);
  return core;
}

async function stop(core: TestCore): Promise<void> {
  running.splice(running.indexOf(core), 1);
  await core.close();
}

/** A real store: a first run plus a user created through the control API. */
async function realStore(): Promise<{ dataDir: string; bytes: Buffer }> {
  const dataDir = newDataDir();
  const first = await start(dataDir);
  await first.api.call('POST', '/api/users', { email: 'kept@example.com', password: 'kept-password-1', name: 'Kept' });
  await stop(first);
  return { dataDir, bytes: readFileSync(join(dataDir, storeFileName)) };
}

function asideFiles(dataDir: string): string[] {
  return readdirSync(dataDir).filter((name) => name.startsWith(`${storeFileName}.corrupt-`));
}

async function expectMovedAside(dataDir: string, damaged: Buffer): Promise<TestCore> {
  const core = await start(dataDir);
  const aside = asideFiles(dataDir);
  expect(aside).toHaveLength(1);
  expect(readFileSync(join(dataDir, aside[0])).equals(damaged)).toBe(true);
  const message = core.logs.find((line) => /moved aside/.test(line));
  expect(message).toBeDefined();
  expect(message).toContain(aside[0]);
  // A clean store in its place, and the server answers.
  const users = await core.api.get<{ email: string }[]>('/api/users');
  expect(users.map((user) => user.email)).not.toContain('kept@example.com');
  expect((await fetch(`${core.publicUrl}/.well-known/ai-plugin.json`)).status).toBe(200);
  JSON.parse(readFileSync(join(dataDir, storeFileName), 'utf8'));
  return core;
}

describe('a damaged store file is moved aside with a message, its bytes kept', () => {
  for (const fraction of [0.9, 0.5, 0.01]) {
    test(`truncated to ${fraction * 100}% of its length`, async () => {
      const { dataDir, bytes } = await realStore();
      const length = Math.max(1, Math.floor(bytes.length * fraction));
      truncateSync(join(dataDir, storeFileName), length);
      await expectMovedAside(dataDir, bytes.subarray(0, length));
    });
  }

  test('empty (0 bytes)', async () => {
    const { dataDir } = await realStore();
    truncateSync(join(dataDir, storeFileName), 0);
    await expectMovedAside(dataDir, Buffer.alloc(0));
  });

  test('bytes that are not UTF-8 text', async () => {
    const dataDir = newDataDir();
    const garbage = Buffer.from([0xff, 0xfe, 0x00, 0x7b, 0xc3, 0x28, 0x80, 0x22, 0x0a]);
    writeFileSync(join(dataDir, storeFileName), garbage);
    await expectMovedAside(dataDir, garbage);
  });

  test('valid JSON with a field of the wrong type', async () => {
    const { dataDir, bytes } = await realStore();
    const data = JSON.parse(bytes.toString('utf8'));
    data.users = 'everyone';
    const damaged = Buffer.from(JSON.stringify(data));
    writeFileSync(join(dataDir, storeFileName), damaged);
    await expectMovedAside(dataDir, damaged);
  });

  test('a second damage later gets its own aside file; the first one is kept', async () => {
    const { dataDir } = await realStore();
    writeFileSync(join(dataDir, storeFileName), '{"version": 1,');
    await stop(await expectMovedAside(dataDir, Buffer.from('{"version": 1,')));
    await new Promise((resolve) => setTimeout(resolve, 5));
    writeFileSync(join(dataDir, storeFileName), 'second');
    await start(dataDir);
    const aside = asideFiles(dataDir);
    expect(aside).toHaveLength(2);
    expect(aside.map((name) => readFileSync(join(dataDir, name), 'utf8')).sort()).toEqual(['second', '{"version": 1,']);
  });
});

test('a temp file left by an interrupted write is ignored: the store itself loads', async () => {
  const { dataDir } = await realStore();
  writeFileSync(join(dataDir, `.${storeFileName}.tmp`), '{"version": 1, "half a wri');
  const core = await start(dataDir);
  expect(asideFiles(dataDir)).toEqual([]);
  const users = await core.api.get<{ email: string }[]>('/api/users');
  expect(users.map((user) => user.email)).toContain('kept@example.com');
});

describe('the NDJSON traffic history survives a torn last line', () => {
  async function recordSome(core: TestCore, count: number): Promise<void> {
    for (let i = 0; i < count; i++) await (await fetch(`${core.publicUrl}/.well-known/ai-plugin.json?n=${i}`)).arrayBuffer();
    await (await fetch(`${core.publicUrl}/me`)).arrayBuffer();
  }

  function historyFiles(dataDir: string): string[] {
    return readdirSync(join(dataDir, 'traffic'))
      .filter((name) => name.endsWith('.ndjson'))
      .sort();
  }

  test('entries before the tear load, the torn line is counted and skipped, entries after it are not harmed', async () => {
    const dataDir = newDataDir();
    const first = await start(dataDir);
    await recordSome(first, 5);
    await stop(first);
    const file = join(dataDir, 'traffic', historyFiles(dataDir).at(-1)!);
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(6);
    // A crash in the middle of a write: half of a seventh entry, no newline.
    appendFileSync(file, lines[0].slice(0, Math.floor(lines[0].length / 2)));

    const second = await start(dataDir);
    expect(second.logs.join('\n')).toMatch(/skipped 1 unreadable line/);
    const loaded = await second.api.get<TrafficSummary[]>('/api/traffic');
    expect(loaded).toHaveLength(6);
    await recordSome(second, 2);
    await stop(second);

    // The next entry started on a line of its own: only the torn line is unreadable, and all 9 entries load.
    const third = await start(dataDir);
    expect(third.logs.join('\n')).toMatch(/skipped 1 unreadable line/);
    const all = await third.api.get<TrafficSummary[]>('/api/traffic');
    expect(all).toHaveLength(9);
    expect(new Set(all.map((entry) => entry.id)).size).toBe(9);
  });

  test('a history file of garbage does not stop the start, and good files still load', async () => {
    const dataDir = newDataDir();
    const first = await start(dataDir);
    await recordSome(first, 3);
    await stop(first);
    writeFileSync(join(dataDir, 'traffic', 'traffic-000000.ndjson'), Buffer.from([0xff, 0x00, 0x0a, 0x7b, 0x0a, 0x5b, 0x5d, 0x0a]));
    const second = await start(dataDir);
    expect(second.logs.join('\n')).toMatch(/skipped 3 unreadable line/);
    expect(await second.api.get<TrafficSummary[]>('/api/traffic')).toHaveLength(4);
  });
});

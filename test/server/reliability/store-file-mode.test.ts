import { chmodSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { storeFileName } from '../../../server/store/database';
import { journalFileName } from '../../../server/store/journal';
import { startTestCore, type TestCore } from '../support/test-core';

/** The store holds the client secret in plain text when no keychain seals it: only its owner may read it. */

const dirs: string[] = [];
let running: TestCore | undefined;

afterEach(async () => {
  await running?.close();
  running = undefined;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const mode = (path: string) => statSync(path).mode & 0o777;

test('the store file is written 0600', async () => {
  running = await startTestCore();
  await running.api.call('POST', '/api/users', { email: 'mode@example.com', password: 'mode-password-1', name: 'Mode' });
  expect(mode(join(running.dataDir, storeFileName))).toBe(0o600);
});

test('a store file from an older version (0644) and a stale temp file become 0600 at the next write', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'handshake-mode-'));
  dirs.push(dataDir);
  running = await startTestCore({ dataDir });
  await running.close();
  const store = join(dataDir, storeFileName);
  chmodSync(store, 0o644);
  writeFileSync(join(dataDir, `.${storeFileName}.tmp`), 'half a write', { mode: 0o644 });

  running = await startTestCore({ dataDir });
  await running.api.call('POST', '/api/users', { email: 'mode2@example.com', password: 'mode-password-2', name: 'Mode' });
  expect(mode(store)).toBe(0o600);
});

test('the journal is 0600, also one an older version or an editor left 0644', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'handshake-mode-'));
  dirs.push(dataDir);
  const user = { email: 'journal-mode@example.com', password: 'journal-mode-1', name: 'Mode' };
  running = await startTestCore({ dataDir, users: [user] });
  await running.chatGpt().install(user);
  const journal = join(dataDir, journalFileName);
  expect(mode(journal)).toBe(0o600);
  await running.close();
  chmodSync(journal, 0o644);

  running = await startTestCore({ dataDir });
  expect(mode(journal)).toBe(0o600);
});

test('the data dir and everything in it, traffic/ included, is owner-only: 0700 folders, 0600 files', async () => {
  running = await startTestCore();
  await running.chatGpt().fetchManifest();
  await running.core.stop();
  const traffic = join(running.dataDir, 'traffic');
  expect(mode(running.dataDir)).toBe(0o700);
  expect(mode(traffic)).toBe(0o700);
  for (const name of readdirSync(traffic)) expect(mode(join(traffic, name))).toBe(0o600);
  for (const name of readdirSync(running.dataDir))
    expect(mode(join(running.dataDir, name))).toBe(statSync(join(running.dataDir, name)).isDirectory() ? 0o700 : 0o600);
});

test('a data dir an older version left readable (0755 folders, 0644 files) is made owner-only at start', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'handshake-mode-'));
  dirs.push(dataDir);
  running = await startTestCore({ dataDir });
  await running.chatGpt().fetchManifest();
  await running.close();
  const traffic = join(dataDir, 'traffic');
  const history = readdirSync(traffic).map((name) => join(traffic, name));
  expect(history.length).toBeGreaterThan(0);
  for (const path of [dataDir, traffic]) chmodSync(path, 0o755);
  for (const path of [...history, join(dataDir, storeFileName)]) chmodSync(path, 0o644);

  running = await startTestCore({ dataDir });
  expect(mode(dataDir)).toBe(0o700);
  expect(mode(traffic)).toBe(0o700);
  for (const path of history) expect(mode(path)).toBe(0o600);
  expect(mode(join(dataDir, storeFileName))).toBe(0o600);
});

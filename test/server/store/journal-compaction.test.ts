import { readFileSync, statSync } from 'node:fs';
import { expect, test } from 'vitest';
import { sha256 } from '../../../server/crypto/random-token';
import { journalCompactBytes } from '../../../server/store/journal';
import { journalLines, journalPath, journalText, readSnapshot, snapshotPath } from './support/store-files';
import { storeTestResources } from './support/test-resources';

/**
 * When the journal is folded into handshake.json: a full save, a journal past its size bound, a start that replayed
 * one, a clean stop — and a removal (pruning), which the journal cannot carry, forces one.
 */

const user = { email: 'compact@example.com', password: 'compact-password-1', name: 'Compact' };
const ttl = { access: 3600, refresh: 86_400 };
const { start, copyOf, newDir, open, closeStore, removeLater } = storeTestResources(user);

const grantHashes = (dataDir: string) => readSnapshot(dataDir).grants.map((grant) => grant.refreshTokenHash);

test('a full save (a user created) writes the snapshot with the journaled grants and empties the journal', async () => {
  const running = await start();
  const { tokens } = await running.chatGpt().install(user);
  const epoch = readSnapshot(running.dataDir).journalEpoch;
  expect(journalLines(running.dataDir).length).toBeGreaterThan(0);
  expect(grantHashes(running.dataDir)).not.toContain(sha256(tokens.refresh_token));

  await running.api.call('POST', '/api/users', { email: 'another@example.com', password: 'another-password-1', name: 'Another' });
  expect(journalText(running.dataDir)).toBe('');
  expect(readSnapshot(running.dataDir).journalEpoch).toBe(epoch + 1);
  expect(grantHashes(running.dataDir)).toContain(sha256(tokens.refresh_token));
});

test('a clean stop writes the snapshot and leaves the journal empty; the next start loads it', async () => {
  const running = await start({ users: [user], keepDataDir: true });
  removeLater(running.dataDir);
  const chatgpt = running.chatGpt();
  const { tokens } = await chatgpt.install(user);
  const refreshed = (await chatgpt.refresh(tokens.refresh_token)).json;
  expect(journalLines(running.dataDir).length).toBeGreaterThan(0);

  await running.close();
  expect(journalText(running.dataDir)).toBe('');
  expect(grantHashes(running.dataDir)).toContain(sha256(refreshed.refresh_token));
  const again = await start({ dataDir: running.dataDir });
  expect((await again.chatGpt().refresh(refreshed.refresh_token)).status).toBe(200);
});

test('a start that replays a journal folds it into a snapshot at once', async () => {
  const running = await start();
  const { tokens } = await running.chatGpt().install(user);
  const copy = copyOf(running.dataDir);
  const epoch = readSnapshot(copy).journalEpoch;
  const lines = journalLines(copy).length;
  expect(lines).toBeGreaterThan(0);

  await open(copy);
  expect(journalText(copy)).toBe('');
  expect(readSnapshot(copy).journalEpoch).toBe(epoch + 1);
  expect(grantHashes(copy)).toContain(sha256(tokens.refresh_token));
});

test(`past ${journalCompactBytes / 1024 / 1024} MB of journal the next save writes a snapshot instead of a line`, async () => {
  const dataDir = newDir();
  const store = await open(dataDir);
  const owner = await store.users.create({ email: 'bound@example.com', password: 'bound-password-1', name: 'Bound' });
  const { grant } = store.grants.issue({ clientId: store.client.id, userId: owner.id, scope: '', flowId: 'flw_bound' }, ttl);
  await store.save();
  const snapshot = readFileSync(snapshotPath(dataDir));

  let refreshes = 0;
  while (statSync(journalPath(dataDir)).size < journalCompactBytes) {
    store.grants.rotate(grant, ttl);
    await store.save({ grants: [grant] });
    refreshes++;
  }
  // Until the bound, every save was a line: handshake.json was not touched.
  expect(readFileSync(snapshotPath(dataDir)).equals(snapshot)).toBe(true);
  expect(journalLines(dataDir)).toHaveLength(refreshes);

  const last = store.grants.rotate(grant, ttl);
  await store.save({ grants: [grant] });
  expect(journalText(dataDir)).toBe('');
  expect(grantHashes(dataDir)).toEqual([sha256(last.refreshToken)]);
  // And the journal starts again after it.
  store.grants.rotate(grant, ttl);
  await store.save({ grants: [grant] });
  expect(journalLines(dataDir)).toHaveLength(1);
});

test('pruning forces a snapshot: pruned grants and codes do not come back after a crash', async () => {
  const dataDir = newDir();
  const longAgo = (ms: number) => new Date(Date.now() - ms).toISOString();
  let store = await open(dataDir);
  const owner = await store.users.create({ email: 'prune@example.com', password: 'prune-password-1', name: 'Prune' });
  const input = { clientId: store.client.id, userId: owner.id, scope: '', flowId: 'flw_prune' };
  const old = store.grants.issue(input, ttl).grant;
  store.grants.revoke(old, 'test');
  old.revokedAt = longAgo(2 * 86_400_000);
  const oldCode = store.codes.issue({ ...input, redirectUri: 'https://chat.openai.com/cb' }, 60);
  oldCode.record.expiresAt = longAgo(2 * 3_600_000);
  await closeStore(store);
  expect(readSnapshot(dataDir).grants.map((grant) => grant.id)).toEqual([old.id]);

  // A fresh start prunes at its first issue; the saves that follow name only the new records.
  store = await open(dataDir);
  const fresh = store.grants.issue(input, ttl).grant;
  await store.save({ grants: [fresh] });
  const freshCode = store.codes.issue({ ...input, redirectUri: 'https://chat.openai.com/cb' }, 60);
  await store.save({ codes: [freshCode.record] });
  expect(readSnapshot(dataDir).grants.map((grant) => grant.id)).toEqual([fresh.id]);

  const copy = copyOf(dataDir);
  const after = await open(copy);
  expect(after.grants.get(old.id)).toBeUndefined();
  expect(after.grants.get(fresh.id)).toBeDefined();
  expect(after.codes.find(oldCode.code)).toBeUndefined();
  expect(after.codes.find(freshCode.code)).toBeDefined();
});

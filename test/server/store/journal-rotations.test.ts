import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { sha256 } from '../../../server/crypto/random-token';
import { rotatedHashesKept } from '../../../server/store/grant-rotation';
import { journalFileName } from '../../../server/store/journal';
import type { GrantRecord } from '../../../server/store/records';
import { journalLines, journalPath, journalText, readSnapshot } from './support/store-files';
import { storeTestResources } from './support/test-resources';

/**
 * A refresh is journaled as a rotation (the hashes and times it changed), not as the whole grant. A start after a
 * crash must rebuild exactly the grant the running process had, and must refuse a rotation that does not continue
 * the grant it names rather than bend its history.
 */

const user = { email: 'rotations@example.com', password: 'rotations-password-1', name: 'Rotations' };
const ttl = { access: 3600, refresh: 86_400 };
const { start, copyOf, open, newDir, removeLater, forget } = storeTestResources(user);

const byId = (grants: GrantRecord[]) => Object.fromEntries(grants.map((grant) => [grant.id, grant]));

test(`a crash after more refreshes than the ${rotatedHashesKept} kept hashes: replay rebuilds the live grant exactly`, async () => {
  const running = await start({ users: [user], keepDataDir: true });
  removeLater(running.dataDir);
  const chatgpt = running.chatGpt();
  const chain = [(await chatgpt.install(user)).tokens.refresh_token];
  for (let i = 0; i < rotatedHashesKept + 10; i++) {
    const answer = await chatgpt.refresh(chain.at(-1)!);
    expect(answer.status).toBe(200);
    chain.push(answer.json.refresh_token);
  }
  expect(journalLines(running.dataDir).filter((line) => line.rotations)).toHaveLength(rotatedHashesKept + 10);
  const crashed = copyOf(running.dataDir);
  // A clean stop writes what the live process holds.
  forget(running);
  await running.close();
  const live = readSnapshot(running.dataDir).grants;
  expect(live).toHaveLength(1);
  expect(live[0].previousRefreshTokenHashes).toEqual(
    chain
      .slice(-rotatedHashesKept - 1, -1)
      .reverse()
      .map(sha256),
  );

  const after = await start({ dataDir: crashed });
  expect(journalText(crashed)).toBe('');
  expect(readSnapshot(crashed).grants).toEqual(live);
  const again = after.chatGpt();
  // Dropped from the kept hashes, live and after the restart alike: unknown.
  expect((await again.refresh(chain[0])).json.error_description).toBe('the refresh token is invalid');
  // Kept: a reuse, which revokes the grant, so the current token is refused too.
  expect((await again.refresh(chain.at(-5)!)).json.error_description).toBe('the refresh token has already been used');
  expect((await again.refresh(chain.at(-1)!)).json.error_description).toBe('the refresh token has been revoked');
});

test('the current token works after the replay, and the one before it is still a reuse', async () => {
  const running = await start({ users: [user] });
  const chatgpt = running.chatGpt();
  const chain = [(await chatgpt.install(user)).tokens.refresh_token];
  for (let i = 0; i < 3; i++) chain.push((await chatgpt.refresh(chain.at(-1)!)).json.refresh_token);

  const after = await start({ dataDir: copyOf(running.dataDir) });
  const next = await after.chatGpt().refresh(chain.at(-1)!);
  expect(next.status).toBe(200);
  expect((await after.chatGpt().callApi(next.json.access_token, '/me')).status).toBe(200);
});

test('rotations share a group commit with whole records and with each other, and replay gives the live data', async () => {
  const dataDir = newDir('handshake-rotations-');
  const store = await open(dataDir);
  const owner = await store.users.create({ email: 'batch@example.com', password: 'batch-password-1', name: 'Batch' });
  const input = { clientId: store.client.id, userId: owner.id, scope: '', flowId: 'flw_batch' };
  const first = store.grants.issue(input, ttl).grant;
  const second = store.grants.issue(input, ttl).grant;
  await store.save();
  const saves: Promise<void>[] = [];
  for (let i = 0; i < 3; i++) {
    // Two grants rotated in one turn, and one of them twice.
    saves.push(store.save({ rotations: [store.grants.rotate(first, ttl).rotation] }));
    saves.push(store.save({ rotations: [store.grants.rotate(second, ttl).rotation] }));
    saves.push(store.save({ rotations: [store.grants.rotate(second, ttl).rotation] }));
    await Promise.all(saves.splice(0));
  }
  // Issued and rotated in one turn: the line carries the new grant whole, without the rotation.
  const third = store.grants.issue(input, ttl).grant;
  saves.push(store.save({ grants: [third] }), store.save({ rotations: [store.grants.rotate(third, ttl).rotation] }));
  // Rotated, then revoked in the same turn.
  saves.push(store.save({ rotations: [store.grants.rotate(first, ttl).rotation] }));
  store.grants.revoke(first, 'test');
  saves.push(store.save({ grants: [first] }));
  await Promise.all(saves);
  const last = journalLines(dataDir).at(-1)!;
  expect(last.grants?.map((grant) => grant.id)).toEqual([third.id, first.id]);
  expect(last.rotations).toBeUndefined();

  const live = structuredClone(store.grants.active().concat(first));
  const after = await open(copyOf(dataDir));
  for (const grant of live) expect(after.grants.get(grant.id)).toEqual(grant);
  expect(byId(readSnapshot(dataDir).grants)[second.id]).not.toEqual(live.find((grant) => grant.id === second.id));
});

test('a rotation whose base is not the grant (a line lost before it) is not applied: the journal is moved aside with a message', async () => {
  const dataDir = newDir('handshake-rotations-');
  const store = await open(dataDir);
  const owner = await store.users.create({ email: 'gap@example.com', password: 'gap-password-1', name: 'Gap' });
  const grant = store.grants.issue({ clientId: store.client.id, userId: owner.id, scope: '', flowId: 'flw_gap' }, ttl).grant;
  await store.save();
  const states: GrantRecord[] = [structuredClone(grant)];
  for (let i = 0; i < 4; i++) {
    await store.save({ rotations: [store.grants.rotate(grant, ttl).rotation] });
    states.push(structuredClone(grant));
  }
  const copy = copyOf(dataDir);
  const lines = readFileSync(journalPath(copy), 'utf8').split('\n');
  expect(lines).toHaveLength(5);
  // Line 2 is lost: line 3 rotates out a token the grant never had after line 1.
  const damaged = [lines[0], ...lines.slice(2)].join('\n');
  writeFileSync(journalPath(copy), damaged);

  const logs: string[] = [];
  const after = await open(copy, logs);
  const aside = readdirSync(copy).filter((name) => name.startsWith(`${journalFileName}.corrupt-`));
  expect(aside).toHaveLength(1);
  expect(readFileSync(join(copy, aside[0]), 'utf8')).toBe(damaged);
  const message = logs.find((line) => line.includes('moved aside'));
  expect(message).toMatch(
    new RegExp(
      `line 2 does not follow the data file: it rotates grant ${grant.id} from a refresh token that is not the grant's current one`,
    ),
  );
  expect(message).toMatch(/The 1 line\(s\) before it were applied/);
  expect(message).toMatch(/1 grant\(s\) and 0 unused code\(s\) those lines name were revoked/);
  // The grant as it was after line 1, whole: nothing of the later rotations is mixed in. It is revoked, as the
  // token line 1 gave it was rotated out by the lines lost.
  expect(after.grants.get(grant.id)).toEqual({ ...states[1], revokedAt: expect.any(String), revokedReason: 'journal_lost' });
  expect(journalText(copy)).toBe('');
});

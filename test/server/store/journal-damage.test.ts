import { appendFileSync, copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { sha256 } from '../../../server/crypto/random-token';
import { journalFileName } from '../../../server/store/journal';
import type { TestCore } from '../support/test-core';
import { journalLines, journalPath, journalText, readSnapshot, snapshotPath } from './support/store-files';
import { storeTestResources } from './support/test-resources';

/**
 * What a crash or a stray editor leaves in the journal: a last line cut off, a damaged line in the middle, a
 * journal whose data file is gone, lines a stop left behind after the snapshot that contains them. Each start says
 * what it did, keeps the bytes it could not use, and loses nothing that was acknowledged.
 */

const user = { email: 'damage@example.com', password: 'damage-password-1', name: 'Damage' };
const { start, copyOf, track, forget } = storeTestResources(user);

const asideJournals = (dataDir: string) => readdirSync(dataDir).filter((name) => name.startsWith(`${journalFileName}.corrupt-`));

/** A grant made and refreshed `refreshes` times; every token it was given, oldest first. */
async function refreshedGrant(running: TestCore, refreshes: number): Promise<{ refresh: string[]; access: string[] }> {
  const chatgpt = running.chatGpt();
  const { tokens } = await chatgpt.install(user);
  const chain = { refresh: [tokens.refresh_token], access: [tokens.access_token] };
  for (let i = 0; i < refreshes; i++) {
    const answer = await chatgpt.refresh(chain.refresh.at(-1)!);
    expect(answer.status).toBe(200);
    chain.refresh.push(answer.json.refresh_token);
    chain.access.push(answer.json.access_token);
  }
  return chain;
}

test('a torn last line is ignored with a message; the lines before it load, and the journal is clean afterwards', async () => {
  const running = await start();
  const chain = await refreshedGrant(running, 1);
  const copy = copyOf(running.dataDir);
  const lastLine = readFileSync(journalPath(copy), 'utf8').trimEnd().split('\n').at(-1)!;
  // An append cut off by a crash: part of a line, no newline.
  appendFileSync(journalPath(copy), lastLine.slice(0, Math.floor(lastLine.length / 2)));

  const after = await start({ dataDir: copy });
  expect(after.logs.join('\n')).toMatch(/ignored a torn last line \(\d+ bytes\)/);
  expect(asideJournals(copy)).toEqual([]);
  expect(journalText(copy)).toBe('');
  expect((await after.chatGpt().refresh(chain.refresh.at(-1)!)).status).toBe(200);
});

test('a damaged line in the middle: the lines before it are applied, the grant it may have changed is revoked, the journal is moved aside with its bytes and a message', async () => {
  const running = await start();
  // Lines: the code issued, the code exchanged (the grant is born), refresh 1, refresh 2.
  const chain = await refreshedGrant(running, 2);
  const copy = copyOf(running.dataDir);
  const lines = readFileSync(journalPath(copy), 'utf8').split('\n');
  expect(lines).toHaveLength(5);
  lines[2] = '{"epoch": 1, "grants": "not a list"}';
  const damaged = lines.join('\n');
  writeFileSync(journalPath(copy), damaged);

  const after = await start({ dataDir: copy });
  const aside = asideJournals(copy);
  expect(aside).toHaveLength(1);
  expect(readFileSync(join(copy, aside[0]), 'utf8')).toBe(damaged);
  const message = after.logs.find((line) => line.includes('moved aside'));
  expect(message).toContain(aside[0]);
  expect(message).toMatch(/line 3 is damaged/);
  expect(message).toMatch(/The 2 line\(s\) before it were applied/);
  expect(message).toMatch(/1 grant\(s\) and 0 unused code\(s\) those lines name were revoked/);
  expect(journalText(copy)).toBe('');
  // The grant from line 2 is there, but the refreshes after the damage are lost: its first refresh token, which the
  // client had already given up, must not work again. The grant is revoked and the user signs in again.
  const chatgpt = after.chatGpt();
  expect((await chatgpt.refresh(chain.refresh.at(-1)!)).json.error_description).toBe('the refresh token is invalid');
  const revived = await chatgpt.refresh(chain.refresh[0]);
  expect(revived.status).toBe(400);
  expect(revived.json.error).toBe('invalid_grant');
  expect((await chatgpt.callApi(chain.access[0], '/me')).status).toBe(401);
  expect(readSnapshot(copy).grants[0]).toMatchObject({ revokedReason: 'journal_lost' });
  expect((await chatgpt.install(user)).tokens.access_token).toBeTruthy();
  // The next start finds nothing to complain about.
  forget(after);
  const third = track(await after.restart());
  expect(third.logs.join('\n')).not.toMatch(/journal/i);
});

test('a code exchange in the lines not applied: the code is marked used, so it cannot be exchanged a second time', async () => {
  const running = await start();
  const chatgpt = running.chatGpt();
  const { code } = await chatgpt.obtainCode(user);
  expect((await chatgpt.exchangeCode(code)).status).toBe(200);
  const copy = copyOf(running.dataDir);
  // Lines: the code issued, the code exchanged. A damaged line between them stops the replay before the exchange.
  const lines = readFileSync(journalPath(copy), 'utf8').split('\n');
  expect(lines).toHaveLength(3);
  writeFileSync(journalPath(copy), [lines[0], '{"epoch": 1, "codes": 7}', ...lines.slice(1)].join('\n'));

  const after = await start({ dataDir: copy });
  expect(after.logs.join('\n')).toMatch(/0 grant\(s\) and 1 unused code\(s\) those lines name were revoked/);
  const again = await after.chatGpt().exchangeCode(code);
  expect(again.status).toBe(400);
  expect(again.json.error).toBe('invalid_grant');
  expect(readSnapshot(copy).codes[0].usedAt).not.toBeNull();
});

test('a journal whose data file was moved aside is moved aside too, not applied to the clean store', async () => {
  const running = await start();
  await refreshedGrant(running, 1);
  const copy = copyOf(running.dataDir);
  const journal = readFileSync(journalPath(copy));
  writeFileSync(snapshotPath(copy), '{"version": 1, "settin');

  const after = await start({ dataDir: copy });
  const aside = asideJournals(copy);
  expect(aside).toHaveLength(1);
  expect(readFileSync(join(copy, aside[0])).equals(journal)).toBe(true);
  expect(after.logs.join('\n')).toMatch(/journal .* was moved aside .* because the data file it continues is missing or was moved aside/);
  expect(readSnapshot(copy).grants).toEqual([]);
});

test('a stop between writing the snapshot and emptying the journal: the older lines are skipped, not replayed over newer data', async () => {
  const running = await start();
  const chain = await refreshedGrant(running, 1);
  const oldJournal = copyOf(running.dataDir);
  // A newer version of the grant, then a snapshot (a user created: a full save) that holds it and empties the journal.
  const newest = (await running.chatGpt().refresh(chain.refresh.at(-1)!)).json;
  await running.api.call('POST', '/api/users', { email: 'second@example.com', password: 'second-password-1', name: 'Second' });
  expect(journalText(running.dataDir)).toBe('');
  expect(journalLines(oldJournal).length).toBeGreaterThan(0);

  // The newer snapshot next to the journal it should have emptied.
  const copy = copyOf(running.dataDir);
  copyFileSync(journalPath(oldJournal), journalPath(copy));
  const after = await start({ dataDir: copy });
  expect(after.logs.join('\n')).toMatch(/skipped \d+ line\(s\) already in the data file/);
  expect(readSnapshot(copy).grants.map((grant) => grant.refreshTokenHash)).toContain(sha256(newest.refresh_token));
  expect((await after.chatGpt().refresh(newest.refresh_token)).status).toBe(200);
  expect((await after.api.get<{ email: string }[]>('/api/users')).map((listed) => listed.email)).toContain('second@example.com');
});

import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { sha256 } from '../../../server/crypto/random-token';
import { journalLines, journalText, readSnapshot, snapshotPath } from './support/store-files';
import { storeTestResources } from './support/test-resources';

/**
 * The token endpoint's saves append one line to handshake.journal instead of rewriting handshake.json, and a start
 * after a crash (the files copied while the core runs, so no shutdown snapshot is taken) loads them back.
 */

const user = { email: 'journal@example.com', password: 'journal-password-1', name: 'Journal' };
const { start, copyOf } = storeTestResources(user);

test('a refresh appends one small journal line, its rotation, and leaves handshake.json as it was', async () => {
  const running = await start();
  const chatgpt = running.chatGpt();
  const { tokens } = await chatgpt.install(user);
  const chain = [tokens.refresh_token];
  for (let i = 0; i < 5; i++) chain.push((await chatgpt.refresh(chain.at(-1)!)).json.refresh_token);
  const snapshotBefore = readFileSync(snapshotPath(running.dataDir));
  const linesBefore = journalLines(running.dataDir);

  const refreshed = await chatgpt.refresh(chain.at(-1)!);
  expect(refreshed.status).toBe(200);

  expect(readFileSync(snapshotPath(running.dataDir)).equals(snapshotBefore)).toBe(true);
  const lines = journalLines(running.dataDir);
  expect(lines).toHaveLength(linesBefore.length + 1);
  const line = lines.at(-1)!;
  expect(line.codes).toBeUndefined();
  expect(line.grants).toBeUndefined();
  expect(line.rotations).toHaveLength(1);
  expect(line.rotations![0]).toMatchObject({
    rotatedOutHash: sha256(chain.at(-1)!),
    refreshTokenHash: sha256(refreshed.json.refresh_token),
    accessTokenHash: sha256(refreshed.json.access_token),
  });
  expect(line.epoch).toBe(readSnapshot(running.dataDir).journalEpoch);
  // Not the grant's kept hashes: those are in the data file already, and made a refresh's line kilobytes.
  const text = journalText(running.dataDir).trimEnd().split('\n').at(-1)!;
  expect(text).not.toContain('previousRefreshTokenHashes');
  for (const older of chain.slice(0, -1)) expect(text).not.toContain(sha256(older));
  expect(Buffer.byteLength(text)).toBeLessThan(600);
});

test('signing in and exchanging the code are journal lines too: the code, then the code used with its new grant', async () => {
  const running = await start();
  const chatgpt = running.chatGpt();
  const linesBefore = journalLines(running.dataDir).length;
  const { code } = await chatgpt.obtainCode(user);
  const issued = journalLines(running.dataDir).slice(linesBefore);
  expect(issued).toHaveLength(1);
  expect(issued[0].codes?.map((record) => [record.codeHash, record.usedAt])).toEqual([[sha256(code), null]]);

  const tokens = (await chatgpt.exchangeCode(code)).json;
  const exchanged = journalLines(running.dataDir).slice(linesBefore + 1);
  expect(exchanged).toHaveLength(1);
  expect(exchanged[0].codes?.[0]).toMatchObject({ codeHash: sha256(code), grantId: exchanged[0].grants?.[0].id });
  expect(exchanged[0].codes?.[0].usedAt).not.toBeNull();
  expect(exchanged[0].grants?.[0].refreshTokenHash).toBe(sha256(tokens.refresh_token));
});

test('after a crash the journal is replayed: the refreshed grant works, its old token is a replay, the journal is compacted', async () => {
  const running = await start();
  const chatgpt = running.chatGpt();
  const { tokens } = await chatgpt.install(user);
  const refreshed = (await chatgpt.refresh(tokens.refresh_token)).json;
  expect(journalLines(running.dataDir).length).toBeGreaterThan(0);

  const after = await start({ dataDir: copyOf(running.dataDir) });
  expect(journalText(after.dataDir)).toBe('');
  expect(readSnapshot(after.dataDir).grants.map((grant) => grant.refreshTokenHash)).toContain(sha256(refreshed.refresh_token));
  const again = after.chatGpt();
  expect((await again.callApi(refreshed.access_token, '/me')).status).toBe(200);
  expect((await again.refresh(refreshed.refresh_token)).status).toBe(200);
  const replayed = await after.chatGpt().refresh(tokens.refresh_token);
  expect(replayed.json.error_description).toBe('the refresh token has already been used');
});

test('a revoke through /oauth/revoke is a journal line, and the grant stays revoked after a crash', async () => {
  const running = await start();
  const chatgpt = running.chatGpt();
  const { tokens } = await chatgpt.install(user);
  const snapshotBefore = readFileSync(snapshotPath(running.dataDir));
  const answer = await fetch(`${running.publicUrl}/oauth/revoke`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token: tokens.refresh_token, client_id: running.client.id, client_secret: running.client.secret }),
  });
  expect(answer.status).toBe(200);
  expect(readFileSync(snapshotPath(running.dataDir)).equals(snapshotBefore)).toBe(true);
  expect(journalLines(running.dataDir).at(-1)!.grants![0]).toMatchObject({ revokedReason: 'revoked_by_client' });

  const after = await start({ dataDir: copyOf(running.dataDir) });
  const refused = await after.chatGpt().refresh(tokens.refresh_token);
  expect(refused.json.error_description).toBe('the refresh token has been revoked');
});

test('the journal holds hashes only: no password, code, access or refresh token, nor the client secret', async () => {
  const running = await start();
  const chatgpt = running.chatGpt();
  const { code, tokens } = await chatgpt.install(user);
  const refreshed = (await chatgpt.refresh(tokens.refresh_token)).json;
  const journal = journalText(running.dataDir);
  for (const hash of [sha256(code), sha256(tokens.refresh_token), sha256(refreshed.refresh_token), sha256(refreshed.access_token)])
    expect(journal).toContain(hash);
  for (const secret of [
    user.password,
    code,
    tokens.access_token,
    tokens.refresh_token,
    refreshed.access_token,
    refreshed.refresh_token,
    running.client.secret,
  ]) {
    expect(journal).not.toContain(secret);
  }
});

import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTestCore, type TestCore } from '../support/test-core';
import { type ClientCredentials, obtainGrant, postToken, refreshBody } from './support/chatgpt-client';

/**
 * A grant remembers its last 50 rotated-out refresh tokens (to spot a replay) in the file and in memory alike: a
 * long-lived grant refreshed thousands of times does not grow the in-memory index, and a restart changes no answer.
 */

const kept = 50;
let running: TestCore;
let client: ClientCredentials;
const user = { email: 'long-lived@example.com', password: 'long-lived-password', name: 'Long Lived' };

beforeAll(async () => {
  running = await startTestCore({ users: [user] });
  client = { clientId: running.client.id, clientSecret: running.client.secret };
});

afterAll(async () => {
  await running?.close();
});

async function refreshChain(length: number): Promise<string[]> {
  const tokens = [(await obtainGrant(running.publicUrl, client, user.email, user.password)).refresh_token];
  for (let i = 0; i < length; i++) {
    const answer = await postToken(running.publicUrl, refreshBody(client, tokens.at(-1)!));
    expect(answer.status).toBe(200);
    tokens.push(answer.json.refresh_token as string);
  }
  return tokens;
}

test(`a refresh token rotated out more than ${kept} refreshes ago is forgotten, not a replay that revokes the grant`, async () => {
  const tokens = await refreshChain(kept + 5);
  const forgotten = await postToken(running.publicUrl, refreshBody(client, tokens[0]));
  expect(forgotten.status).toBe(400);
  expect(forgotten.json).toMatchObject({ error: 'invalid_grant', error_description: 'the refresh token is invalid' });
  expect((await postToken(running.publicUrl, refreshBody(client, tokens.at(-1)!))).status).toBe(200);
});

test(`one rotated out within the last ${kept} is a replay: the grant is revoked`, async () => {
  const tokens = await refreshChain(kept + 5);
  const replay = await postToken(running.publicUrl, refreshBody(client, tokens.at(-kept)!));
  expect(replay.json).toMatchObject({ error: 'invalid_grant', error_description: 'the refresh token has already been used' });
  expect((await postToken(running.publicUrl, refreshBody(client, tokens.at(-1)!))).status).toBe(400);
});

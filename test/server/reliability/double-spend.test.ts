import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTestCore, type TestCore } from '../support/test-core';
import { type ClientCredentials, codeExchangeBody, exchangeCode, postToken, refreshBody, signIn } from './support/chatgpt-client';

/**
 * Single use under concurrency: many exchanges of one code, or refreshes of one refresh token, fired at once.
 * Exactly one may win. The losers are replays, and RFC 6749 (§4.1.2, §10.4) says a replayed code or refresh token
 * revokes what was issued for it — Handshake does, so afterwards even the winner's tokens are dead.
 */

const racers = 25;
const user = { email: 'racer@example.com', password: 'racer-password-1', name: 'Racer' };
let running: TestCore;
let client: ClientCredentials;

beforeAll(async () => {
  running = await startTestCore({ users: [user] });
  client = { clientId: running.client.id, clientSecret: running.client.secret };
});

afterAll(async () => {
  await running?.close();
});

async function callApi(accessToken: string): Promise<number> {
  const response = await fetch(`${running.publicUrl}/me`, { headers: { authorization: `Bearer ${accessToken}` } });
  await response.arrayBuffer();
  return response.status;
}

async function race(body: Record<string, string>) {
  const answers = await Promise.all(Array.from({ length: racers }, () => postToken(running.publicUrl, body)));
  const winners = answers.filter((answer) => answer.status === 200);
  const losers = answers.filter((answer) => answer.status !== 200);
  return { winners, losers };
}

test(`${racers} concurrent exchanges of one code: exactly one wins, the replays revoke its tokens`, async () => {
  const code = await signIn(running.publicUrl, client.clientId, user.email, user.password);
  const { winners, losers } = await race(codeExchangeBody(client, code));

  expect(winners).toHaveLength(1);
  expect(losers).toHaveLength(racers - 1);
  for (const loser of losers) {
    expect(loser.status).toBe(400);
    expect(loser.json.error).toBe('invalid_grant');
  }
  const won = winners[0].json as { access_token: string; refresh_token: string };
  expect(await callApi(won.access_token)).toBe(401);
  const refresh = await postToken(running.publicUrl, refreshBody(client, won.refresh_token));
  expect(refresh.status).toBe(400);
  expect(refresh.json.error).toBe('invalid_grant');
});

test(`${racers} concurrent refreshes with one refresh token: exactly one wins, the reuse revokes the grant`, async () => {
  const tokens = await exchangeCode(running.publicUrl, client, await signIn(running.publicUrl, client.clientId, user.email, user.password));
  expect(await callApi(tokens.access_token)).toBe(200);
  const grantsBefore = (await running.api.get<{ id: string }[]>('/api/grants')).length;

  const { winners, losers } = await race(refreshBody(client, tokens.refresh_token));

  expect(winners).toHaveLength(1);
  for (const loser of losers) {
    expect(loser.status).toBe(400);
    expect(loser.json.error).toBe('invalid_grant');
  }
  const won = winners[0].json as { access_token: string; refresh_token: string };
  expect(won.refresh_token).not.toBe(tokens.refresh_token);
  // The grant is revoked: neither the winner's new tokens nor the old access token work, and it is no longer listed.
  expect(await callApi(won.access_token)).toBe(401);
  expect(await callApi(tokens.access_token)).toBe(401);
  const next = await postToken(running.publicUrl, refreshBody(client, won.refresh_token));
  expect(next.status).toBe(400);
  expect(next.json.error).toBe('invalid_grant');
  expect((await running.api.get<{ id: string }[]>('/api/grants')).length).toBe(grantsBefore - 1);
});

test('sequential double-spend is refused too, and an unrelated grant is untouched', async () => {
  const bystander = await exchangeCode(
    running.publicUrl,
    client,
    await signIn(running.publicUrl, client.clientId, user.email, user.password),
  );
  const code = await signIn(running.publicUrl, client.clientId, user.email, user.password);
  const first = await postToken(running.publicUrl, codeExchangeBody(client, code));
  const second = await postToken(running.publicUrl, codeExchangeBody(client, code));
  expect(first.status).toBe(200);
  expect(second.status).toBe(400);
  expect(second.json.error).toBe('invalid_grant');
  expect(await callApi((first.json as { access_token: string }).access_token)).toBe(401);
  expect(await callApi(bystander.access_token)).toBe(200);
});

import { afterAll, beforeAll, expect, test } from 'vitest';
import { obtainGrant } from '../reliability/support/chatgpt-client';
import { startTestCore, type TestCore } from '../support/test-core';

/** An oversize body is refused with the limit of the endpoint that refused it, and nothing is stored. */

let running: TestCore;
let accessToken: string;

beforeAll(async () => {
  running = await startTestCore({ users: [{ email: 'big@example.com', password: 'big-password-1', name: 'Big' }] });
  const { client } = running;
  accessToken = (
    await obtainGrant(running.publicUrl, { clientId: client.id, clientSecret: client.secret }, 'big@example.com', 'big-password-1')
  ).access_token;
});

afterAll(async () => {
  await running?.close();
});

test('the token endpoint names its 64 kB limit', async () => {
  const response = await fetch(`${running.publicUrl}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ grant_type: 'x'.repeat(70 * 1024) }),
  });
  expect(response.status).toBe(400);
  expect(await response.json()).toEqual({ error: 'invalid_request', error_description: 'the request body is larger than 64kb' });
});

test('the demo API names its own 16 kB limit, and no todo is added', async () => {
  const headers = { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' };
  const response = await fetch(`${running.publicUrl}/todos`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ text: 'x'.repeat(17 * 1024) }),
  });
  expect(response.status).toBe(400);
  expect((await response.json()).error_description).toBe('the request body is larger than 16kb');
  const todos = await fetch(`${running.publicUrl}/todos`, { headers });
  expect((await todos.json()).todos).toEqual([]);
});

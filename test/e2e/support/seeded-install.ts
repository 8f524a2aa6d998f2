import type { Browser } from 'playwright-core';
import type { ClientView } from '../../../server/store/records';
import { chatGptCallback, exchangeCode, signInThroughAuthorizePage } from './chatgpt-side';
import { control, type HeadlessServer } from './headless-server';

/** Two users and two installs through the real server (one good, one with a wrong secret), for views to show. */
export async function seedInstalls(server: HeadlessServer, browser: Browser): Promise<void> {
  const client = await control<ClientView>(server, 'GET', '/api/client');
  await control(server, 'POST', '/api/users', { email: 'ada@example.com', password: 'correct horse battery', name: 'Ada Lovelace' });
  await control(server, 'POST', '/api/users', { email: 'grace@example.com', password: 'another long one', name: 'Grace Hopper' });
  await fetch(server.manifestUrl, { headers: { 'User-Agent': 'Mozilla/5.0 ChatGPT-User/1.0' } });
  await fetch(new URL('/openapi.yaml', server.publicOrigin), { headers: { 'User-Agent': 'Mozilla/5.0 ChatGPT-User/1.0' } });

  const good = chatGptCallback();
  const first = await signInThroughAuthorizePage(browser, server, {
    clientId: client.id,
    email: 'ada@example.com',
    password: 'correct horse battery',
    redirectUri: good,
  });
  const tokens = await exchangeCode(server, { client_id: client.id, client_secret: client.secret, code: first.code, redirect_uri: good });
  await fetch(new URL('/todos', server.publicOrigin), {
    headers: { Authorization: `Bearer ${String(tokens.json.access_token)}`, 'User-Agent': 'OpenAI' },
  });

  const bad = chatGptCallback();
  const second = await signInThroughAuthorizePage(browser, server, {
    clientId: client.id,
    email: 'grace@example.com',
    password: 'another long one',
    redirectUri: bad,
  });
  await exchangeCode(server, { client_id: client.id, client_secret: 'pasted-the-wrong-secret', code: second.code, redirect_uri: bad });
}

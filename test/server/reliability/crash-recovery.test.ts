import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { clientOf, type ServeProcess, startServe } from '../support/serve-process';
import { type ClientCredentials, exchangeCode, postToken, refreshBody, signIn } from './support/chatgpt-client';

/**
 * kill -9 of a real `serve` process in the middle of a write storm (users created through the control API, sign-ins,
 * code exchanges and refreshes), then a start on the same data folder: the file must load as it is, and everything
 * the first process answered 2xx for must be there.
 */

const signer = { email: 'signer@example.com', password: 'signer-password-1', name: 'Signer' };
const processes: ServeProcess[] = [];
const dirs: string[] = [];

afterEach(async () => {
  for (const serve of processes.splice(0)) await serve.kill9();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** One grant's life as the client saw it: the last refresh token it was given, and whether a refresh was under way. */
interface Chain {
  refreshToken: string;
  inFlight: boolean;
}

test('kill -9 during a write storm: the data file loads and every acknowledged user and grant is there', { timeout: 60_000 }, async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'handshake-crash-'));
  dirs.push(dataDir);
  const first = await startServe(dataDir);
  processes.push(first);
  const client: ClientCredentials = await clientOf(first);
  expect((await first.control('POST', '/api/users', signer)).status).toBe(201);

  let storming = true;
  const acknowledgedUsers: string[] = [];
  const chains: Chain[] = [];
  const swallow = () => undefined; // requests cut off by the kill fail; only acknowledged ones count

  const createUsers = async (worker: number) => {
    for (let i = 0; storming; i++) {
      const email = `storm-${worker}-${i}@example.com`;
      const answer = await first
        .control('POST', '/api/users', { email, password: 'storm-password-1', name: `Storm ${worker} ${i}` })
        .catch(swallow);
      if (answer?.status === 201) acknowledgedUsers.push(email);
    }
  };
  const newGrants = async () => {
    while (storming) {
      const code = await signIn(first.publicUrl, client.clientId, signer.email, signer.password).catch(swallow);
      if (!code) continue;
      const tokens = await exchangeCode(first.publicUrl, client, code).catch(swallow);
      if (tokens) chains.push({ refreshToken: tokens.refresh_token, inFlight: false });
    }
  };
  const refreshes = async () => {
    while (storming) {
      const chain = chains.find((candidate) => !candidate.inFlight);
      if (!chain) {
        await new Promise((resolve) => setTimeout(resolve, 5));
        continue;
      }
      chain.inFlight = true;
      const answer = await postToken(first.publicUrl, refreshBody(client, chain.refreshToken)).catch(swallow);
      if (answer?.status === 200) {
        chain.refreshToken = (answer.json as { refresh_token: string }).refresh_token;
        chain.inFlight = false;
      } else if (answer) {
        throw new Error(`a refresh failed before the crash: ${answer.status} ${JSON.stringify(answer.json)}`);
      }
      // No answer: the kill cut it off; inFlight stays true, so either token may be the current one.
    }
  };

  const workers = [createUsers(1), createUsers(2), newGrants(), newGrants(), refreshes(), refreshes(), refreshes()];
  // Kill once the storm has produced something of each kind, but while it is still writing.
  const deadline = Date.now() + 20_000;
  while (
    (acknowledgedUsers.length < 3 || chains.length < 3 || !chains.some((chain) => chain.refreshToken && !chain.inFlight)) &&
    Date.now() < deadline
  ) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await new Promise((resolve) => setTimeout(resolve, 300));
  await first.kill9();
  storming = false;
  await Promise.all(workers);
  expect(acknowledgedUsers.length).toBeGreaterThanOrEqual(3);
  expect(chains.length).toBeGreaterThanOrEqual(3);

  const second = await startServe(dataDir);
  processes.push(second);
  expect(second.output()).not.toMatch(/moved aside/i);
  expect(readdirSync(dataDir).some((name) => name.includes('.corrupt-'))).toBe(false);
  expect(await clientOf(second)).toEqual(client);

  const users = (await second.control('GET', '/api/users')).json as { email: string }[];
  const emails = new Set(users.map((user) => user.email));
  expect(acknowledgedUsers.filter((email) => !emails.has(email))).toEqual([]);

  for (const chain of chains) {
    const answer = await postToken(second.publicUrl, refreshBody(client, chain.refreshToken));
    if (chain.inFlight) {
      // The cut-off refresh may have been saved (then this token was rotated out: "already been used") or not (200).
      // Either way the server knows the grant; "invalid" would mean it was lost.
      expect([200, 400]).toContain(answer.status);
      if (answer.status === 400) expect(answer.json.error_description).toMatch(/already been used/);
    } else {
      expect(answer.status, `acknowledged refresh token lost: ${JSON.stringify(answer.json)}`).toBe(200);
    }
  }
});

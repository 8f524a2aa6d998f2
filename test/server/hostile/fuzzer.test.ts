import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { oauthErrorCodes } from '../../../server/control/control-api';
import { storeFileName } from '../../../server/store/database';
import { journalFileName } from '../../../server/store/journal';
import { exchangeCode, obtainGrant, signIn } from '../reliability/support/chatgpt-client';
import { startTestCore, type TestCore } from '../support/test-core';
import { type FuzzCase, type FuzzTarget, fuzzCase } from './support/fuzz-cases';
import { markupTells } from './support/hostile-values';
import { fuzzSeed, Prng } from './support/prng';
import { type RawAnswer, sendRaw } from './support/raw-http';

/**
 * A seeded fuzzer: thousands of malformed requests to authorize, login, token, introspection, revocation, the demo
 * API (signed out and signed in), the control API and odd paths, over raw sockets. Every answer must be a 4xx of the right shape for its
 * surface (or the RFC's 200 where the request was acceptable), never a 5xx; nothing refused may change the store;
 * the server must still work afterwards.
 */

const count = Number(process.env.HOSTILE_COUNT ?? 3000);
const concurrency = 12;
const rfcErrors = new Set<string>(oauthErrorCodes);
const callbackPrefixes = ['https://chat.openai.com/aip/', 'https://chatgpt.com/aip/'];
const demoUser = { email: 'fuzz-user@example.com', password: 'fuzz-password-1', name: 'Fuzz' };

let running: TestCore;
let target: FuzzTarget;
let publicPort: number;

beforeAll(async () => {
  running = await startTestCore({ users: [demoUser] });
  const { client } = running;
  const tokens = await obtainGrant(
    running.publicUrl,
    { clientId: client.id, clientSecret: client.secret },
    demoUser.email,
    demoUser.password,
  );
  target = {
    clientId: client.id,
    clientSecret: client.secret,
    controlToken: running.token,
    controlPort: Number(new URL(running.controlUrl).port),
    accessToken: tokens.access_token,
  };
  publicPort = Number(new URL(running.publicUrl).port);
});

afterAll(async () => {
  await running?.close();
});

function json(answer: RawAnswer): any {
  try {
    return JSON.parse(answer.text);
  } catch {
    return undefined;
  }
}

const isJson = (answer: RawAnswer) => (answer.headers['content-type'] ?? '').startsWith('application/json');
/** RFC 6750 §3.1: a request without bearer credentials is challenged without an error code. */
const isBareBearerChallenge = (answer: RawAnswer) =>
  answer.status === 401 && answer.headers['www-authenticate'] === 'Bearer realm="Handshake"';
const isHtmlPage = (answer: RawAnswer) =>
  (answer.headers['content-type'] ?? '').startsWith('text/html') && answer.text.startsWith('<!doctype html>');
/** Node's own HTTP parser refused the bytes before the app saw them: a bare 400/431 without a body. */
const refusedByParser = (answer: RawAnswer) =>
  (answer.status === 400 || answer.status === 431) && answer.body.length === 0 && answer.headers['content-type'] === undefined;

/** What is wrong with an answer, or null. */
function problem(fuzz: FuzzCase, answer: RawAnswer): string | null {
  if (answer.status >= 500) return `${answer.status} ${answer.text.slice(0, 200)}`;
  if (answer.headerNames.includes('x-injected') || (answer.headers['set-cookie'] ?? '').includes('hs_injected'))
    return 'a header was injected into the answer';
  // JSON answers (the traffic log, a 404 naming an id) carry what was sent as data; a page must escape it.
  const tell = isJson(answer) ? undefined : markupTells.find((marker) => answer.text.includes(marker));
  if (tell) return `markup echoed unescaped: ${tell}`;
  if (fuzz.listener === 'public' && (answer.text.includes(target.clientSecret) || answer.text.includes(target.controlToken)))
    return 'a secret leaked into a public answer';
  if (refusedByParser(answer)) return null;
  if (fuzz.method === 'HEAD') return null; // no body to judge; the status was checked above
  const body = json(answer);
  switch (fuzz.surface) {
    case 'oauth-json': {
      if (!isJson(answer) || body === undefined) return `not JSON: ${answer.status} ${answer.headers['content-type']}`;
      // Introspection answers a caller on this machine without credentials too (as the MCP SDK examples call it); no
      // fuzzed token is one Handshake issued, so any 200 must say inactive.
      if (answer.status === 200 && fuzz.endpoint === 'introspect')
        return body.active === false ? null : `introspection said ${answer.text}`;
      if (answer.status === 200 && fuzz.validClient && fuzz.endpoint === 'revoke')
        return answer.text === '{}' ? null : `revocation said ${answer.text}`;
      if (answer.status !== 400 && answer.status !== 401) return `status ${answer.status}`;
      if (!rfcErrors.has(body.error)) return `error "${body.error}" is not an RFC 6749 code`;
      if (answer.status === 401 && body.error !== 'invalid_client') return `401 with ${body.error}`;
      if (typeof body.error_description !== 'string') return 'no error_description';
      return null;
    }
    case 'browser': {
      if (answer.status === 302) {
        const location = answer.headers.location ?? '';
        if (!callbackPrefixes.some((prefix) => location.startsWith(prefix))) return `redirect to ${location}`;
        if (/[\s<>"]/.test(location)) return `unencoded characters in Location ${location}`;
        return null;
      }
      if (answer.status === 200 || (answer.status >= 400 && answer.status < 500))
        return isHtmlPage(answer) ? null : `not an HTML page: ${answer.status} ${answer.headers['content-type']}`;
      return `status ${answer.status}`;
    }
    case 'api':
      if (answer.status < 400 || answer.status >= 500) return `status ${answer.status}`;
      if (answer.status === 401 && !(answer.headers['www-authenticate'] ?? '').startsWith('Bearer'))
        return '401 without WWW-Authenticate: Bearer';
      // RFC 6750 §3.1: a request without bearer credentials is challenged without an error code.
      if (isBareBearerChallenge(answer)) return isJson(answer) ? null : 'not JSON';
      if (!isJson(answer) || typeof body?.error !== 'string') return `not a JSON error: ${answer.text.slice(0, 100)}`;
      return null;
    case 'signed-in-api':
      if (fuzz.readOnly && answer.status === 200 && isJson(answer)) return null;
      if (answer.status < 400) return `status ${answer.status} for input that should be refused`;
      if (!isJson(answer) || typeof body?.error !== 'string') return `not a JSON error: ${answer.text.slice(0, 100)}`;
      return null;
    case 'control':
      if (fuzz.readOnly && answer.status < 300) return null;
      if (answer.status < 400) return `status ${answer.status} for a request that should be refused`;
      // Outside /api the control listener serves the dashboard: a missing page is an HTML page.
      if (!fuzz.path.startsWith('/api/') && isHtmlPage(answer)) return null;
      if (!isJson(answer) || typeof body?.error?.code !== 'string' || typeof body?.error?.message !== 'string')
        return `not {error:{code,message}}: ${answer.text.slice(0, 100)}`;
      return null;
    case 'public-path':
      if (answer.status < 400 || isBareBearerChallenge(answer)) return null;
      if (isJson(answer) ? typeof body?.error !== 'string' : !isHtmlPage(answer) && answer.body.length > 0)
        return `4xx of no known shape: ${answer.text.slice(0, 100)}`;
      return null;
  }
}

async function snapshot(): Promise<{ storeHash: string; journalHash: string; users: unknown; grants: unknown }> {
  const hash = (name: string) =>
    createHash('sha256')
      .update(readFileSync(join(running.dataDir, name)))
      .digest('hex');
  return {
    storeHash: hash(storeFileName),
    journalHash: hash(journalFileName),
    users: await running.api.get('/api/users'),
    grants: await running.api.get('/api/grants'),
  };
}

test(`seeded fuzzer: ${count} malformed requests, no 5xx, right error shapes, nothing written, server alive`, {
  timeout: 240_000,
}, async () => {
  const seed = fuzzSeed();
  console.log(`hostile fuzzer: seed ${seed}, ${count} requests (HOSTILE_SEED=${seed} HOSTILE_COUNT=${count} replays this run)`);
  const prng = new Prng(seed);
  const cases = Array.from({ length: count }, () => fuzzCase(prng, target));
  const before = await snapshot();

  const failures: string[] = [];
  const tally = new Map<string, number>();
  let parserRefusals = 0;
  let next = 0;
  const worker = async () => {
    while (next < cases.length) {
      const index = next++;
      const fuzz = cases[index];
      let answer: RawAnswer;
      try {
        answer = await sendRaw(fuzz.listener === 'public' ? publicPort : target.controlPort, fuzz.bytes);
      } catch (error) {
        failures.push(`#${index} ${fuzz.label}: ${(error as Error).message}`);
        continue;
      }
      if (refusedByParser(answer)) parserRefusals++;
      const key = `${fuzz.surface} ${answer.status}`;
      tally.set(key, (tally.get(key) ?? 0) + 1);
      const wrong = problem(fuzz, answer);
      if (wrong)
        failures.push(`#${index} ${fuzz.label}: ${wrong}\n    request: ${JSON.stringify(fuzz.bytes.subarray(0, 400).toString('latin1'))}`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));

  console.log(
    `hostile fuzzer: answers by surface and status: ${[...tally]
      .sort()
      .map(([key, n]) => `${key}: ${n}`)
      .join(', ')}; ${parserRefusals} refused by the HTTP parser`,
  );
  const serverErrors = running.logs.filter((line) => / failed: /.test(line));
  expect(
    failures.slice(0, 15),
    `${failures.length} bad answers (seed ${seed}); server log:\n${serverErrors.slice(0, 5).join('\n')}`,
  ).toEqual([]);

  // Nothing refused was written: the store file and its journal are byte for byte the same, no user or grant appeared or went.
  expect(await snapshot()).toEqual(before);

  // Still alive and still working end to end.
  expect((await fetch(`${running.publicUrl}/.well-known/ai-plugin.json`)).status).toBe(200);
  const tokens = await exchangeCode(
    running.publicUrl,
    { clientId: target.clientId, clientSecret: target.clientSecret },
    await signIn(running.publicUrl, target.clientId, demoUser.email, demoUser.password),
  );
  const me = await fetch(`${running.publicUrl}/me`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
  expect(me.status).toBe(200);
});

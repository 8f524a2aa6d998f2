/**
 * `npm run bench`: Handshake's hot paths against a bare Express route on this machine, with an empty and a
 * 100,000-entry traffic log, and against a peer OAuth server. Every server runs in its own process; autocannon
 * drives them over loopback from this one. BENCH_SECONDS (default 5) sets the length of each measured run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { authorizeQuery, obtainGrant, type Tokens } from '../test/server/reliability/support/chatgpt-client';
import { clientOf, startServe, type ServeProcess } from '../test/server/reliability/support/serve-process';
import { startTarget } from './child-target';
import { measure, type LoadResult } from './load';
import { RefreshPool } from './refresh-pool';
import { printReport, type Row } from './report';
import { fillTrafficHistory, recordedEntries } from './traffic-fill';

const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const connections = 10;
const filledEntries = 100_000;
const grantsInPool = 40;
const benchUser = { email: 'bench@example.com', password: 'bench-password-1', name: 'Bench User' };

function check(result: LoadResult): LoadResult {
  if (result.failures > 0) console.warn(`  ! ${result.name}: ${result.failures} of ${result.total} answers were not 2xx (or failed)`);
  console.log(`  ${result.name}: ${Math.round(result.requestsPerSecond)} req/s`);
  return result;
}

async function setUpstream(serve: ServeProcess, upstream: string): Promise<void> {
  const { status, json } = await serve.control('PATCH', '/api/settings', { upstream });
  if (status !== 200) throw new Error(`setting upstream failed: ${status} ${JSON.stringify(json)}`);
}

/** Token, demo API and gateway runs, the ones repeated with a full log. */
async function hotPaths(serve: ServeProcess, pool: RefreshPool, apiToken: string, upstream: string, label: string, clearLog: boolean) {
  const clear = clearLog ? async () => void (await serve.control('DELETE', '/api/traffic')) : undefined;
  const bearer = { authorization: `Bearer ${apiToken}` };
  const token = check(await measure(`token (refresh grant)${label}`, serve.publicUrl, { seconds, connections, requests: [pool.request()], beforeRun: clear }));
  const demo = check(await measure(`API GET /me (demo)${label}`, `${serve.publicUrl}/me`, { seconds, connections, headers: bearer, beforeRun: clear }));
  await setUpstream(serve, upstream);
  const gateway = check(await measure(`API GET /me (gateway)${label}`, `${serve.publicUrl}/me`, { seconds, connections, headers: bearer, beforeRun: clear }));
  await setUpstream(serve, '');
  return { token, demo, gateway };
}

async function main(): Promise<void> {
  const started = Date.now();
  console.log(`Handshake benchmark: ${seconds} s per run, ${connections} connections, loopback, Node ${process.version}\n`);

  const bare = await startTarget('bare-express');
  const baseline = check(await measure('bare Express GET /hello (baseline)', `${bare.url}/hello`, { seconds, connections }));
  await bare.stop();

  const upstream = await startTarget('tiny-upstream');
  const dataDir = mkdtempSync(join(tmpdir(), 'handshake-bench-'));
  let serve = await startServe(dataDir);
  try {
    const client = await clientOf(serve);
    const created = await serve.control('POST', '/api/users', benchUser);
    if (created.status !== 201) throw new Error(`creating the bench user failed: ${created.status} ${JSON.stringify(created.json)}`);
    const sized = await serve.control('PATCH', '/api/settings', { trafficRingSize: filledEntries });
    if (sized.status !== 200) throw new Error(`setting trafficRingSize failed: ${JSON.stringify(sized.json)}`);

    // Grants the way ChatGPT gets them: authorize, sign in through the form, exchange the code.
    const grants: Tokens[] = [];
    for (let i = 0; i <= grantsInPool; i++) grants.push(await obtainGrant(serve.publicUrl, client, benchUser.email, benchUser.password));
    const apiToken = grants[0].access_token;
    const pool = new RefreshPool(client, grants.slice(1).map((grant) => grant.refresh_token));
    console.log(`  (${grants.length} grants obtained through the login form)`);

    const empty = await hotPaths(serve, pool, apiToken, upstream.url, '', true);
    const manifest = check(await measure('manifest', `${serve.publicUrl}/.well-known/ai-plugin.json`, { seconds, connections }));
    const login = check(await measure('login page GET /oauth/authorize', `${serve.publicUrl}/oauth/authorize?${authorizeQuery(client.clientId)}`, { seconds, connections }));
    const emptyRss = serve.peakRss();

    // Fill the log: copies of what this server just recorded, then a restart loads them into the ring.
    await serve.stop();
    const samples = recordedEntries(dataDir);
    const filled = fillTrafficHistory(dataDir, samples, filledEntries);
    serve = await startServe(dataDir);
    const listed = await serve.control('GET', `/api/traffic?limit=${filledEntries * 2}`);
    const held = Array.isArray(listed.json) ? listed.json.length : 0;
    if (held < filledEntries) throw new Error(`the traffic log holds ${held} entries after the fill, not ${filledEntries}`);
    console.log(`  (traffic log holds ${held} entries, ${(filled.bytes / 1e6).toFixed(0)} MB of NDJSON: ${Object.entries(filled.kinds).map(([k, n]) => `${k} ${n}`).join(', ')})`);

    const full = await hotPaths(serve, pool, apiToken, upstream.url, ' @100k log', false);
    const fullRss = serve.peakRss();
    await serve.stop();

    const peer = await startTarget('peer-oauth2-mock');
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const peerRefresh = check(
      await measure('peer oauth2-mock-server token (refresh grant)', `${peer.url}/token`, {
        seconds,
        connections,
        method: 'POST',
        headers: form,
        body: 'grant_type=refresh_token&refresh_token=1b4e28ba-2fa1-11d2-883f-0016d3cca427&client_id=bench',
      }),
    );
    const peerClientCredentials = check(
      await measure('peer oauth2-mock-server token (client_credentials)', `${peer.url}/token`, { seconds, connections, method: 'POST', headers: form, body: 'grant_type=client_credentials&scope=x' }),
    );
    await peer.stop();

    const rows: Row[] = [
      { result: baseline },
      { result: empty.token, peer: peerRefresh, goal: { baseline: 0.5 } },
      { result: empty.demo },
      { result: empty.gateway },
      { result: manifest },
      { result: login },
      { result: full.token, emptyLog: empty.token, goal: { emptyLog: 0.9 } },
      { result: full.demo, emptyLog: empty.demo, goal: { emptyLog: 0.9 } },
      { result: full.gateway, emptyLog: empty.gateway, goal: { emptyLog: 0.9 } },
      { result: peerRefresh },
      { result: peerClientCredentials },
    ];
    printReport({ baseline, rows, peers: { refresh: peerRefresh, clientCredentials: peerClientCredentials }, handshakeToken: empty.token, rss: { empty: emptyRss, full: fullRss }, refreshFailures: pool.failures });
    console.log(`\nTotal time ${((Date.now() - started) / 1000).toFixed(0)} s.`);
  } finally {
    await serve.stop().catch(() => undefined);
    await upstream.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(`bench failed: ${(error as Error)?.stack ?? error}`);
  process.exit(1);
});

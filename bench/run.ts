/**
 * `npm run bench`: Handshake's hot paths against a bare Express route on this machine, with an empty and a
 * 100,000-entry traffic log, and against a peer OAuth server. Every server runs in its own process; autocannon
 * drives them over loopback from this one. The runs are interleaved in rounds and each figure is the median of its
 * rounds, so a burst of other work on the machine moves every figure alike instead of one.
 *
 * First, what a new user meets: the start time and idle memory of `npm run serve` (bench/serve-footprint.ts).
 *
 * BENCH_SECONDS (default 3) is the length of one measured run, BENCH_ROUNDS (default 3) the number of rounds,
 * BENCH_WARMUP_SECONDS (default 1) the unmeasured load before each run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { authorizeQuery, refreshBody } from '../test/server/reliability/support/chatgpt-client';
import { startTarget } from './child-target';
import { HandshakeTarget } from './handshake-target';
import { type LoadOptions, type LoadResult, measure, medianOf } from './load';
import { printReport, type Row } from './report';
import { measureServeFootprint, printServeFootprint } from './serve-footprint';
import { fillTrafficHistory, recordedEntries } from './traffic-fill';

const seconds = Number(process.env.BENCH_SECONDS ?? 3);
/**
 * Every run of every round is warmed up first: a server that sat idle while the others were measured has had its
 * young generation shrunk by V8's memory reducer, and its first second under load pays to grow it back.
 */
const warmupSeconds = Number(process.env.BENCH_WARMUP_SECONDS ?? 1);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const connections = 10;
const filledEntries = 100_000;
/** The baseline route served through withStableShapes, as Handshake serves its own: what that alone is worth. */
const bareStableName = 'bare Express GET /hello, withStableShapes (context)';
const mcpThroughName = 'MCP tools/call through Handshake /mcp';
/** The same refresh grant minting an RS256 JWT access token (the default format) instead of an opaque one. */
const jwtTokenName = 'token (refresh grant), JWT';
const mcpDirectName = 'MCP tools/call straight to the upstream';
/** One tools/call as an MCP host sends it (Streamable HTTP, JSON answer accepted). */
const toolCall = {
  method: 'POST' as const,
  headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-protocol-version': '2025-11-25' },
  body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'hello', arguments: {} } }),
};

interface Run {
  name: string;
  pid: () => number;
  url: () => string;
  options: () => Omit<LoadOptions, 'seconds'>;
  before?: () => Promise<void>;
  after?: () => Promise<void>;
}

function report(result: LoadResult): LoadResult {
  const failed = result.failures ? `  (${result.failures} of ${result.total} not 2xx!)` : '';
  const cpu = result.cpuMicrosPerRequest === null ? '' : `, ${Math.round(result.cpuMicrosPerRequest)} µs CPU/req`;
  console.log(
    `  ${result.name}: ${Math.round(result.requestsPerSecond)} req/s, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms${cpu}${failed}`,
  );
  return result;
}

/** Token, demo API and gateway: the runs repeated with a full log. */
function hotPathRuns(target: HandshakeTarget, upstreamUrl: string, label: string, emptyLogFirst: boolean): Run[] {
  const clear = emptyLogFirst ? () => target.clearTraffic() : undefined;
  const bearer = () => ({ authorization: `Bearer ${target.apiToken}` });
  const refresh = () => ({ requests: [target.pool.request()], beforeRun: clear, countBased: true, afterEach: () => target.pool.reclaim() });
  return [
    {
      name: `token (refresh grant)${label}`,
      pid: () => target.process.pid,
      url: () => target.url,
      options: refresh,
      before: () => target.setAccessTokenFormat('opaque'),
      after: () => target.setAccessTokenFormat('jwt'),
    },
    {
      name: `${jwtTokenName}${label}`,
      pid: () => target.process.pid,
      url: () => target.url,
      options: refresh,
    },
    {
      name: `API GET /me (demo)${label}`,
      pid: () => target.process.pid,
      url: () => `${target.url}/me`,
      options: () => ({ headers: bearer(), beforeRun: clear }),
    },
    {
      name: `API GET /me (gateway)${label}`,
      pid: () => target.process.pid,
      url: () => `${target.url}/me`,
      options: () => ({ headers: bearer(), beforeRun: clear }),
      before: () => target.setUpstream(upstreamUrl),
      after: () => target.setUpstream(''),
    },
  ];
}

/** Unmeasured load, one second per run: what a server has served before the rounds start. */
async function serveOneSecondEach(runs: Run[]): Promise<void> {
  for (const run of runs) {
    await run.before?.();
    await measure(run.name, run.url(), { ...run.options(), seconds: 1, warmupSeconds: 0, beforeRun: undefined, connections });
    await run.after?.();
  }
}

async function main(): Promise<void> {
  const started = Date.now();
  // Before the load runs, while the machine is as quiet as a new user's.
  const footprint = await measureServeFootprint();
  printServeFootprint(footprint);
  console.log('');
  console.log(
    `Handshake benchmark: ${rounds} rounds × ${seconds} s per run, ${connections} connections, loopback, Node ${process.version}\n`,
  );
  const dirs = [mkdtempSync(join(tmpdir(), 'handshake-bench-empty-')), mkdtempSync(join(tmpdir(), 'handshake-bench-full-'))];
  const bare = await startTarget('bare-express');
  const bareStable = await startTarget('bare-express', { BARE_STABLE_SHAPES: '1' });
  const upstream = await startTarget('tiny-upstream');
  const mcpUpstream = await startTarget('tiny-mcp-upstream');
  const peer = await startTarget('peer-oauth2-mock');
  const empty = await HandshakeTarget.start(dirs[0], filledEntries);
  let full = await HandshakeTarget.start(dirs[1], filledEntries);
  try {
    const emptyRuns: Run[] = [
      ...hotPathRuns(empty, upstream.url, '', true),
      { name: 'manifest', pid: () => empty.process.pid, url: () => `${empty.url}/.well-known/ai-plugin.json`, options: () => ({}) },
      {
        name: 'login page GET /oauth/authorize',
        pid: () => empty.process.pid,
        url: () => `${empty.url}/oauth/authorize?${authorizeQuery(empty.client.clientId)}`,
        options: () => ({}),
      },
      {
        name: mcpThroughName,
        pid: () => empty.process.pid,
        url: () => `${empty.url}/mcp`,
        options: () => ({ ...toolCall, headers: { ...toolCall.headers, authorization: `Bearer ${empty.apiToken}` } }),
        before: () => empty.setMcpUpstream(`${mcpUpstream.url}/mcp`),
        after: () => empty.setMcpUpstream(''),
      },
    ];

    // Real traffic of every kind on one server, copied 100,000 times into the other's history; a restart loads it.
    await serveOneSecondEach(emptyRuns);
    await empty.flushTraffic();
    const filled = fillTrafficHistory(dirs[1], recordedEntries(dirs[0]), filledEntries);
    full = await full.restart();
    const held = await full.trafficCount();
    if (held < filledEntries) throw new Error(`the traffic log holds ${held} entries after the fill, not ${filledEntries}`);
    const fullRuns = hotPathRuns(full, upstream.url, ' @100k log', false);
    // The same traffic the first server served before the rounds, so neither starts them cold.
    await serveOneSecondEach(fullRuns);
    console.log(
      `Traffic log of the second server: ${held} entries (${(filled.bytes / 1e6).toFixed(0)} MB NDJSON; ${Object.entries(filled.kinds)
        .map(([kind, n]) => `${kind} ${n}`)
        .join(', ')})\n`,
    );

    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const runs: Run[] = [
      { name: 'bare Express GET /hello (baseline)', pid: () => bare.pid, url: () => `${bare.url}/hello`, options: () => ({}) },
      { name: bareStableName, pid: () => bareStable.pid, url: () => `${bareStable.url}/hello`, options: () => ({}) },
      {
        name: 'bare Express POST /token (JSON body, for context)',
        pid: () => bare.pid,
        url: () => `${bare.url}/token`,
        options: () => ({
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(refreshBody(empty.client, `hsr_${'z'.repeat(43)}`)),
        }),
      },
      { name: mcpDirectName, pid: () => mcpUpstream.pid, url: () => `${mcpUpstream.url}/mcp`, options: () => toolCall },
      ...emptyRuns,
      ...fullRuns,
      {
        name: 'peer oauth2-mock-server token (refresh grant)',
        pid: () => peer.pid,
        url: () => `${peer.url}/token`,
        options: () => ({
          method: 'POST',
          headers: form,
          body: 'grant_type=refresh_token&refresh_token=1b4e28ba-2fa1-11d2-883f-0016d3cca427&client_id=bench',
        }),
      },
      {
        name: 'peer oauth2-mock-server token (client_credentials)',
        pid: () => peer.pid,
        url: () => `${peer.url}/token`,
        options: () => ({ method: 'POST', headers: form, body: 'grant_type=client_credentials&scope=x' }),
      },
    ];
    const results = new Map<string, LoadResult[]>();
    for (let round = 1; round <= rounds; round++) {
      console.log(`Round ${round} of ${rounds}`);
      for (const run of runs) {
        await run.before?.();
        const result = await measure(run.name, run.url(), { connections, ...run.options(), seconds, warmupSeconds, serverPid: run.pid() });
        await run.after?.();
        results.set(run.name, [...(results.get(run.name) ?? []), report(result)]);
      }
    }
    const median = (name: string) => medianOf(results.get(name)!);
    const peerRefresh = median('peer oauth2-mock-server token (refresh grant)');
    const baseline = median('bare Express GET /hello (baseline)');
    const token = median('token (refresh grant)');
    const rows: Row[] = [
      { result: baseline },
      { result: median(bareStableName) },
      { result: median('bare Express POST /token (JSON body, for context)') },
      { result: token, peer: peerRefresh, goal: { baseline: 0.45 } },
      { result: median(jwtTokenName), peer: peerRefresh, goal: { peer: 2 } },
      { result: median('API GET /me (demo)') },
      { result: median('API GET /me (gateway)') },
      { result: median('manifest') },
      { result: median('login page GET /oauth/authorize') },
      { result: median(mcpThroughName), direct: median(mcpDirectName) },
      { result: median(mcpDirectName) },
      { result: median('token (refresh grant) @100k log'), emptyLog: token, goal: { emptyLog: 0.9 } },
      { result: median(`${jwtTokenName} @100k log`), emptyLog: median(jwtTokenName), goal: { emptyLog: 0.9 } },
      { result: median('API GET /me (demo) @100k log'), emptyLog: median('API GET /me (demo)'), goal: { emptyLog: 0.9 } },
      { result: median('API GET /me (gateway) @100k log'), emptyLog: median('API GET /me (gateway)'), goal: { emptyLog: 0.9 } },
      { result: peerRefresh },
      { result: median('peer oauth2-mock-server token (client_credentials)') },
    ];
    printReport({
      baseline,
      rows,
      peers: { refresh: peerRefresh, clientCredentials: median('peer oauth2-mock-server token (client_credentials)') },
      handshakeToken: token,
      handshakeJwtToken: median(jwtTokenName),
      rss: { empty: empty.process.peakRss(), full: full.process.peakRss(), fullNow: full.process.currentRss() },
      refreshFailures: empty.pool.failures + full.pool.failures,
    });
    console.log('');
    printServeFootprint(footprint);
    console.log(`\nTotal time ${((Date.now() - started) / 1000).toFixed(0)} s.`);
  } finally {
    await Promise.all(
      [empty.stop(), full.stop(), bare.stop(), bareStable.stop(), upstream.stop(), mcpUpstream.stop(), peer.stop()].map((stop) =>
        stop.catch(() => undefined),
      ),
    );
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(`bench failed: ${(error as Error)?.stack ?? error}`);
  process.exit(1);
});

import type { LoadResult } from './load';

export interface Row {
  result: LoadResult;
  /** Same run with an empty traffic log: prints full/empty. */
  emptyLog?: LoadResult;
  /** The peer's equivalent: prints Handshake/peer. */
  peer?: LoadResult;
  /** The same request straight to the upstream, without Handshake in between: prints through/direct. */
  direct?: LoadResult;
  /** Ratios the issue sets as the goal; a miss is flagged. */
  goal?: { baseline?: number; emptyLog?: number; peer?: number };
}

const ratio = (a: number, b: number) => (b > 0 ? a / b : 0);
const fmt = (value: number, digits = 2) => value.toFixed(digits);
const pad = (text: string, width: number) => text.padEnd(width);
const mb = (bytes: number | null) => (bytes === null ? 'n/a' : `${(bytes / 1024 / 1024).toFixed(0)} MB`);

function verdict(value: number, goal: number | undefined): string {
  return goal === undefined ? '' : value >= goal ? ' ok' : ` MISS (goal ≥ ${goal})`;
}

export function printReport(report: {
  baseline: LoadResult;
  rows: Row[];
  peers: { refresh: LoadResult; clientCredentials: LoadResult };
  handshakeToken: LoadResult;
  /** The same refresh grant minting a signed JWT: the peer signs RS256 too, so this is the like-for-like row. */
  handshakeJwtToken: LoadResult;
  rss: { empty: number | null; full: number | null; fullNow: number | null };
  refreshFailures: number;
}): void {
  const { baseline } = report;
  console.log(
    '\n' +
      pad('run', 52) +
      pad('req/s', 8) +
      pad('p50 ms', 8) +
      pad('p99 ms', 8) +
      pad('CPU µs/req', 12) +
      pad('× base', 26) +
      'other ratio',
  );
  console.log('-'.repeat(130));
  for (const row of report.rows) {
    const r = row.result;
    const toBase = ratio(r.requestsPerSecond, baseline.requestsPerSecond);
    let other = '';
    if (row.emptyLog) {
      const value = ratio(r.requestsPerSecond, row.emptyLog.requestsPerSecond);
      other = `${fmt(value)} × empty log${verdict(value, row.goal?.emptyLog)}`;
    } else if (row.direct) {
      other = `${fmt(ratio(r.requestsPerSecond, row.direct.requestsPerSecond))} × straight to the upstream`;
    } else if (row.peer) {
      const value = ratio(r.requestsPerSecond, row.peer.requestsPerSecond);
      other = `${fmt(value)} × peer${verdict(value, row.goal?.peer)}`;
    }
    const baseNote = row.goal?.baseline !== undefined ? verdict(toBase, row.goal.baseline) : '';
    console.log(
      pad(r.name, 52) +
        pad(String(Math.round(r.requestsPerSecond)), 8) +
        pad(String(r.p50Ms), 8) +
        pad(String(r.p99Ms), 8) +
        pad(r.cpuMicrosPerRequest === null ? 'n/a' : String(Math.round(r.cpuMicrosPerRequest)), 12) +
        pad(fmt(toBase) + baseNote, 26) +
        other +
        (r.failures ? `  [${r.failures} non-2xx]` : ''),
    );
  }
  const token = report.handshakeToken.requestsPerSecond;
  const cpuRatio = (r: LoadResult) =>
    r.cpuMicrosPerRequest && baseline.cpuMicrosPerRequest ? fmt(baseline.cpuMicrosPerRequest / r.cpuMicrosPerRequest) : 'n/a';
  console.log('\nCapacity by CPU per request (baseline CPU/req ÷ run CPU/req; other load on the machine moves this far less than req/s):');
  for (const row of report.rows.slice(1)) console.log(`  ${pad(row.result.name, 52)}${cpuRatio(row.result)} × baseline`);
  console.log(
    '\nToken endpoint side by side with the peer (axa-group/oauth2-mock-server, in-process Express, RS256 JWTs, no client or token checks):',
  );
  console.log(
    `  Handshake refresh grant, opaque ${Math.round(token)} req/s = ${fmt(ratio(token, report.peers.refresh.requestsPerSecond))} × peer refresh grant, ${fmt(ratio(token, report.peers.clientCredentials.requestsPerSecond))} × peer client_credentials`,
  );
  const jwt = report.handshakeJwtToken.requestsPerSecond;
  const jwtToPeer = ratio(jwt, report.peers.refresh.requestsPerSecond);
  console.log(
    `  Handshake refresh grant, RS256 JWT ${Math.round(jwt)} req/s = ${fmt(jwtToPeer)} × peer refresh grant${verdict(jwtToPeer, 2)}`,
  );
  console.log(
    `Peak RSS of the Handshake process: ${mb(report.rss.empty)} (empty-log runs), ${mb(report.rss.full)} (100k-entry log runs, loading included; ${mb(report.rss.fullNow)} at the end); this bench process: ${mb(process.resourceUsage().maxRSS * 1024)}`,
  );
  if (report.refreshFailures) console.log(`Refresh requests that failed: ${report.refreshFailures}`);
}

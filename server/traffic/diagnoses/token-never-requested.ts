import { createHash } from 'node:crypto';
import type { TrafficNote } from '../traffic-entry';
import { bodyFields, single, type WireExchange } from '../wire-exchange';

interface PendingExchange {
  entryId: string;
  flowId: string | null;
  codeHash: string;
  timer: NodeJS.Timeout;
}

const hash = (code: string) => createHash('sha256').update(code).digest('base64url');

/**
 * "ChatGPT never called the token URL": after a sign-in redirects with a code, waits `waitMs` for a token
 * request of the same flow (or carrying that code); if none comes, hands a note for the sign-in entry to
 * `report` (the traffic log re-emits the updated entry, so the stream and the UI see it).
 * Only hashes of codes are kept, in memory.
 */
export class TokenRequestWatch {
  private readonly pending = new Map<string, PendingExchange>();

  constructor(
    private readonly waitMs: number,
    private readonly report: (entryId: string, note: TrafficNote) => void,
  ) {}

  observe(entryId: string, exchange: WireExchange, flowId: string | null): void {
    if (exchange.kind === 'token') this.tokenRequested(exchange, flowId);
    else if (exchange.status >= 300 && exchange.status < 400) this.maybeRedirectedWithCode(entryId, exchange, flowId);
  }

  get waiting(): number {
    return this.pending.size;
  }

  close(): void {
    for (const { timer } of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
  }

  private maybeRedirectedWithCode(entryId: string, exchange: WireExchange, flowId: string | null): void {
    if (exchange.kind !== 'login' && exchange.kind !== 'authorize') return;
    const location = single(exchange.responseHeaders.location);
    const code = location ? codeIn(location) : null;
    if (!code) return;
    const codeHash = hash(code);
    const redirectedAt = new Date();
    const timer = setTimeout(() => {
      this.pending.delete(codeHash);
      this.report(entryId, {
        level: 'warn',
        code: 'token_never_requested',
        message:
          `ChatGPT never called the token URL: this sign-in redirected back with a code at ` +
          `${redirectedAt.toISOString().slice(11, 19)} UTC, and no token request came within ${duration(this.waitMs)}. ` +
          "The failure is on ChatGPT's side, before the exchange: check that the manifest's authorization_url is " +
          "this server's token URL and reachable through the tunnel, that the redirect kept the state, and what " +
          'ChatGPT itself reported.',
      });
    }, this.waitMs);
    timer.unref();
    this.pending.set(codeHash, { entryId, flowId, codeHash, timer });
  }

  private tokenRequested(exchange: WireExchange, flowId: string | null): void {
    const code = single(bodyFields(exchange.requestBody)?.code);
    const codeHash = code ? hash(code) : null;
    for (const waiting of this.pending.values()) {
      if (waiting.codeHash === codeHash || (flowId !== null && waiting.flowId === flowId)) {
        clearTimeout(waiting.timer);
        this.pending.delete(waiting.codeHash);
      }
    }
  }
}

function codeIn(location: string): string | null {
  const query = location.indexOf('?');
  if (query < 0) return null;
  const hashIndex = location.indexOf('#', query);
  return new URLSearchParams(location.slice(query + 1, hashIndex < 0 ? undefined : hashIndex)).get('code');
}

function duration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`;
}

import type { McpHostId } from '../hosts/host-profile';
import { checkFlowOf } from './arrival';
import { diagnose } from './diagnoses';
import { TokenRequestWatch } from './diagnoses/token-never-requested';
import {
  type BuildContext,
  type CapturedExchange,
  clientIdOf,
  fallbackEntry,
  maskedEntry,
  presentedClientId,
  readExchange,
} from './entry-builder';
import { JwtInspector } from './jwt/jwt-inspector';
import { jwtNotes } from './jwt/jwt-notes';
import type { JwtKeys } from './jwt/signature-verdicts';
import { mcpHostOf } from './mcp-host-of';
import { type PreparedEntry, prepareEntry } from './prepared-entry';
import { RecentSecrets } from './recent-secrets';
import type { TrafficJwt, TrafficNote } from './traffic-entry';
import type { WireExchange } from './wire-exchange';

export interface EntryPipelineOptions {
  /** How long after a sign-in's redirect a token request may come before "ChatGPT never called the token URL". */
  tokenWaitMs: number;
  /** A diagnosis that needed time, for an entry already built. */
  onNote: (entryId: string, note: TrafficNote) => void;
  /** An exchange that could not be built in full (a bare entry is built instead). */
  onError: (error: unknown) => void;
  /** Handshake's signing keys, which JWTs in the traffic are checked against. */
  keys?: JwtKeys;
  /** A connect flow's MCP host became known: entries of the flow logged before take it too. */
  onFlowHost?: (flowId: string, mcpHost: McpHostId) => void;
}

/** Flows whose host is remembered, at most. */
const maxFlowHosts = 2000;

/**
 * Captured exchange → masked, diagnosed entry, ready for the log. Keeps what spans exchanges: the secrets of recent
 * exchanges (masked in later ones) and the sign-ins waiting for their token request.
 */
export class EntryPipeline {
  private readonly recentSecrets = new RecentSecrets();
  private readonly flowHosts = new Map<string, McpHostId>();
  private readonly watch: TokenRequestWatch;
  private readonly jwts: JwtInspector;

  constructor(private readonly options: EntryPipelineOptions) {
    this.watch = new TokenRequestWatch(options.tokenWaitMs, options.onNote);
    this.jwts = new JwtInspector(options.keys);
  }

  /**
   * Never throws, and a promise never rejects: an exchange that cannot be built becomes a bare entry that says so.
   * A promise only when a JWT's signature has to be checked (an asynchronous check), else the entry at once.
   */
  build(captured: CapturedExchange, context: BuildContext): PreparedEntry | Promise<PreparedEntry> {
    let exchange: WireExchange;
    let jwts: TrafficJwt[] | Promise<TrafficJwt[]>;
    try {
      exchange = readExchange(captured, context);
      this.recogniseHost(captured, exchange, context);
      jwts = this.jwts.inspect(exchange, { issuer: captured.issuer, clientId: presentedClientId(exchange), now: captured.time });
    } catch (error) {
      this.options.onError(error);
      return prepareEntry(fallbackEntry(captured, error));
    }
    return jwts instanceof Promise ? jwts.then((found) => this.finish(captured, exchange, found)) : this.finish(captured, exchange, jwts);
  }

  private finish(captured: CapturedExchange, exchange: WireExchange, jwts: TrafficJwt[]): PreparedEntry {
    try {
      const notes = jwts.length > 0 ? [...diagnose(exchange), ...jwtNotes(jwts)] : diagnose(exchange);
      const entry = maskedEntry(captured, exchange, notes, this.recentSecrets, jwts);
      try {
        this.watch.observe(entry.id, exchange, entry.flowId);
      } catch (error) {
        this.options.onError(error);
      }
      return prepareEntry(entry);
    } catch (error) {
      this.options.onError(error);
      return prepareEntry(fallbackEntry(captured, error));
    }
  }

  /** The exchange's own host signals first; without any, the host its connect flow already showed. */
  private recogniseHost(captured: CapturedExchange, exchange: WireExchange, context: BuildContext): void {
    const flowId = checkFlowOf(exchange.requestHeaders) ?? captured.annotations.flowId ?? null;
    const own = mcpHostOf(exchange, clientIdOf(captured.annotations, exchange), context.clientHosts);
    const known = flowId ? this.flowHosts.get(flowId) : undefined;
    exchange.mcpHost = own ?? known;
    if (!own || !flowId || known) return;
    if (this.flowHosts.size >= maxFlowHosts) this.flowHosts.delete(this.flowHosts.keys().next().value!);
    this.flowHosts.set(flowId, own);
    this.options.onFlowHost?.(flowId, own);
  }

  close(): void {
    this.watch.close();
  }
}

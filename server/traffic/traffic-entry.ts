import type { McpHostId } from '../hosts/host-profile';
import type { TrafficArrival } from './arrival';

/** One request to the public listener, as stored, streamed and shown. Secrets are already masked. */

export const trafficKinds = [
  'manifest',
  'openapi',
  'discovery',
  'registration',
  'authorize',
  'login',
  'token',
  'api',
  'mcp',
  'introspect',
  'userinfo',
  'revoke',
  'other',
] as const;
export type TrafficKind = (typeof trafficKinds)[number];

export type NoteLevel = 'info' | 'warn' | 'error';

/** A plain-words diagnosis attached to a request. `code` is stable (tests and the UI key on it). */
export interface TrafficNote {
  level: NoteLevel;
  code: string;
  message: string;
}

export interface TrafficBody {
  contentType: string | null;
  /** Raw text as received/sent, masked, truncated to a limit. */
  text: string;
  /** Parsed fields (JSON or form), masked; null when not parseable. */
  parsed: unknown;
  size: number;
  truncated: boolean;
}

export interface TrafficEntry {
  id: string;
  /** ISO time the request arrived. */
  time: string;
  kind: TrafficKind;
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  status: number;
  durationMs: number;
  request: { headers: Record<string, string>; body: TrafficBody | null };
  response: { headers: Record<string, string>; body: TrafficBody | null };
  clientId: string | null;
  userId: string | null;
  userEmail: string | null;
  /** Ties one install together: authorize → login → code → token → API → refresh. */
  flowId: string | null;
  notes: TrafficNote[];
  /** Through the tunnel, a proxy or straight from this machine (absent on entries recorded before it existed). */
  arrival?: TrafficArrival;
  /** For an MCP request: its JSON-RPC method, and the tool of a tools/call ("tools/call add_todo"). */
  rpc?: string;
  /** The MCP host connecting (ChatGPT, Codex, Claude …), when recognised; entries of one connect flow share it. */
  mcpHost?: McpHostId;
  /** Every JWT the exchange carried, decoded (no signature part), with verdicts. Absent when there were none. */
  jwts?: TrafficJwt[];
  /** Set by the control API, never stored: the entry shows the configured client secret masked, and can reveal it. */
  revealable?: true;
}

/** What a JWT was in its exchange; decides what its claims are judged against. */
export type JwtRole = 'access_token' | 'id_token' | 'client_assertion' | 'id_token_hint';

export type JwtVerdictLevel = 'ok' | 'info' | 'warn' | 'error';

/** One header parameter's or claim's verdict (`name` is the claim, or the header parameter for alg/kid/typ). */
export interface JwtVerdict {
  name: string;
  level: JwtVerdictLevel;
  message: string;
}

export type JwtSignatureVerdict = 'verified' | 'unknown_kid' | 'retired_kid' | 'bad_signature' | 'unsupported' | 'not_checked';

/** A JWT seen in an exchange, decoded at record time from the raw value; its signature part is never kept. */
export interface TrafficJwt {
  role: JwtRole;
  /** Where it was, in words: "Authorization header", "access_token in the response", … */
  where: string;
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
  verdicts: JwtVerdict[];
  signature: { verdict: JwtSignatureVerdict; message: string };
}

/** The list view's row: no headers, no bodies. */
export interface TrafficSummary {
  id: string;
  time: string;
  kind: TrafficKind;
  method: string;
  path: string;
  status: number;
  durationMs: number;
  clientId: string | null;
  userEmail: string | null;
  flowId: string | null;
  /** Worst note level, null when there are no notes. */
  worstNote: NoteLevel | null;
  /** The first error/warn note's message, for the list. */
  headline: string | null;
  arrival?: TrafficArrival;
  rpc?: string;
  mcpHost?: McpHostId;
}

import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import type { Request, Response } from 'express';
import { parseBasicAuthorization } from '../oauth/basic-credentials';
import type { Settings } from '../settings/settings';
import { annotations, type TrafficAnnotations } from './annotations';
import { arrivalOf, checkFlowOf } from './arrival';
import { decodeContent } from './content-decoding';
import { SecretMasker } from './masking';
import { describeRpc, requestMessages } from './mcp/json-rpc-messages';
import type { ClientHosts } from './mcp-host-of';
import type { RecentSecrets } from './recent-secrets';
import type { ResponseCapture } from './response-capture';
import type { ClientSecrets } from './secret-fingerprint';
import { sentJsonOf } from './sent-json';
import type { TrafficBody, TrafficEntry, TrafficJwt, TrafficKind, TrafficNote } from './traffic-entry';
import { kindFromPath } from './traffic-kind';
import {
  bodyFields,
  isJsonType,
  isTextual,
  mediaType,
  parseBodyFields,
  searchParamsToRecord,
  single,
  type WireBody,
  type WireExchange,
} from './wire-exchange';

/** A finished request as the recorder holds it for a moment on the request thread. */
export interface RawExchange {
  id: string;
  /** Epoch ms the request arrived. */
  time: number;
  durationMs: number;
  aborted: boolean;
  /** The request target as received (path and query). */
  url: string;
  req: Request;
  res: Response;
  capture: ResponseCapture;
}

/** What an entry is built from: plain data copied out of the request and response, which can then go. */
export interface CapturedExchange {
  id: string;
  time: number;
  durationMs: number;
  aborted: boolean;
  url: string;
  method: string;
  requestHeaders: IncomingHttpHeaders;
  /** The raw request bytes a body parser kept (`req.rawBody`). */
  requestBytes: Uint8Array | null;
  /** What the server's own body parser made of the body (`req.body`). */
  serverParsedBody: unknown;
  /** 0 when no answer was sent. */
  status: number;
  responseHeaders: OutgoingHttpHeaders;
  /** The whole answer when it was written as one UTF-8 string, else null and the bytes are in responseBytes. */
  responseText: string | null;
  /** What res.json was given (as JSON data), when the answer was sent that way: its parse, without parsing. */
  responseJson: unknown;
  responseBytes: Uint8Array | null;
  responseSize: number;
  responseTruncated: boolean;
  annotations: TrafficAnnotations;
  /** The recorder's `classify` verdict, made where the function lives. */
  classifiedKind: TrafficKind | undefined;
  /** This Handshake's issuer for the request (what its tokens' `iss` must be); null when the recorder was not told. */
  issuer: string | null;
}

export interface BuildContext {
  settings: Settings;
  secrets: ClientSecrets;
  /** A registered client's MCP host (the client registry), for requests that name only a client id. */
  clientHosts?: ClientHosts;
  /** Bytes of each body kept in the entry. */
  bodyLimit: number;
}

/** What an entry needs from a finished request (references, no copies). */
export function captureExchange(
  raw: RawExchange,
  classify?: (method: string, path: string) => TrafficKind | undefined,
  issuerOf?: (req: Request) => string,
): CapturedExchange {
  const { req, res, capture } = raw;
  const handler = annotations(res);
  const rawBody = (req as { rawBody?: unknown }).rawBody;
  const responseText = capture.size === 0 ? null : capture.wholeText();
  return {
    id: raw.id,
    time: raw.time,
    durationMs: raw.durationMs,
    aborted: raw.aborted,
    url: raw.url,
    method: req.method,
    requestHeaders: req.headers,
    requestBytes: rawBody instanceof Uint8Array ? rawBody : null,
    serverParsedBody: (req as { body?: unknown }).body,
    status: res.headersSent ? res.statusCode : 0,
    responseHeaders: res.getHeaders(),
    responseText,
    responseJson: sentJsonOf(res),
    responseBytes: capture.size === 0 || responseText !== null ? null : capture.bytes(),
    responseSize: capture.size,
    responseTruncated: capture.truncated,
    annotations: handler,
    classifiedKind: handler.kind === undefined && classify ? classify(req.method, pathOf(raw.url)) : undefined,
    issuer: issuerOf ? issuerOf(req) : null,
  };
}

function pathOf(url: string): string {
  const questionMark = url.indexOf('?');
  return questionMark < 0 ? url : url.slice(0, questionMark);
}

/** Kinds whose `code` fields are not authorization codes. */
const codeIsPlain = new Set<TrafficKind>(['api', 'mcp', 'manifest', 'openapi']);

/** Bodies larger than this are shown (truncated) but not parsed into fields. */
const maxParsedBytes = 1024 * 1024;

/** The unmasked view of a finished request that diagnoses read. */
export function readExchange(captured: CapturedExchange, context: BuildContext): WireExchange {
  const questionMark = captured.url.indexOf('?');
  const path = questionMark < 0 ? captured.url : captured.url.slice(0, questionMark);
  const query = questionMark < 0 ? {} : searchParamsToRecord(new URLSearchParams(captured.url.slice(questionMark + 1)));
  const handler = captured.annotations;
  const responseType = captured.responseHeaders['content-type'];
  return {
    kind: handler.kind ?? captured.classifiedKind ?? kindFromPath(captured.method, path),
    method: captured.method,
    path,
    query,
    status: captured.status,
    aborted: captured.aborted,
    requestHeaders: captured.requestHeaders,
    requestBody: requestBodyOf(captured, context.bodyLimit),
    serverParsedBody: captured.serverParsedBody,
    responseHeaders: captured.responseHeaders,
    responseBody: responseBodyOf(
      captured,
      typeof responseType === 'string' ? responseType : null,
      captured.responseHeaders['content-encoding'],
      context.bodyLimit,
    ),
    handlerNotes: handler.notes,
    settings: context.settings,
    secrets: context.secrets,
  };
}

/** The entry as stored, streamed and shown: every secret masked, notes included. */
export function maskedEntry(
  raw: CapturedExchange,
  exchange: WireExchange,
  notes: TrafficNote[],
  recentSecrets?: RecentSecrets,
  jwts: TrafficJwt[] = [],
): TrafficEntry {
  const masker = new SecretMasker(exchange.secrets, recentSecrets, !codeIsPlain.has(exchange.kind));
  masker.clientId = presentedClientId(exchange);
  masker.collectUrl(raw.url);
  masker.collectFields(exchange.query);
  masker.collectFields(exchange.requestBody?.parsed);
  masker.collectFields(exchange.serverParsedBody);
  masker.collectHeaders(exchange.requestHeaders);
  masker.collectHeaders(exchange.responseHeaders);
  masker.collectFields(exchange.responseBody?.parsed);

  const handler = raw.annotations;
  const maskOrNull = (value: string | null) => (value === null ? null : masker.text(value));
  return {
    id: raw.id,
    time: new Date(raw.time).toISOString(),
    kind: exchange.kind,
    method: exchange.method,
    path: masker.text(exchange.path),
    query: masker.fields(exchange.query) as Record<string, string | string[]>,
    status: exchange.status,
    durationMs: Math.round(raw.durationMs * 1000) / 1000,
    request: { headers: masker.headers(exchange.requestHeaders), body: maskedBody(masker, exchange.requestBody) },
    response: { headers: masker.headers(exchange.responseHeaders), body: maskedBody(masker, exchange.responseBody) },
    clientId: maskOrNull(clientIdOf(handler, exchange)),
    userId: handler.userId ?? null,
    userEmail: maskOrNull(handler.userEmail ?? null),
    flowId: checkFlowOf(exchange.requestHeaders) ?? handler.flowId ?? null,
    notes: notes.map((note) => ({ level: note.level, code: note.code, message: masker.text(note.message) })),
    arrival: arrivalOf(exchange.requestHeaders, exchange.settings.ngrokDomain),
    ...rpcOf(exchange),
    ...(exchange.mcpHost ? { mcpHost: exchange.mcpHost } : {}),
    ...(jwts.length > 0 ? { jwts: jwts.map((jwt) => maskedJwt(masker, jwt)) } : {}),
  };
}

/** Header and claims are not secret, but pass the masker like every other field in case a claim repeats a secret. */
function maskedJwt(masker: SecretMasker, jwt: TrafficJwt): TrafficJwt {
  return {
    ...jwt,
    header: masker.fields(jwt.header) as Record<string, unknown>,
    claims: masker.fields(jwt.claims) as Record<string, unknown>,
    verdicts: jwt.verdicts.map((verdict) => ({ ...verdict, message: masker.text(verdict.message) })),
    signature: { verdict: jwt.signature.verdict, message: masker.text(jwt.signature.message) },
  };
}

function rpcOf(exchange: WireExchange): { rpc?: string } {
  if (exchange.kind !== 'mcp') return {};
  const rpc = describeRpc(requestMessages(exchange));
  return rpc ? { rpc } : {};
}

/** A bare entry for a request whose full entry could not be built; carries nothing that could hold a secret. */
export function fallbackEntry(raw: CapturedExchange, failure: unknown): TrafficEntry {
  const path = pathOf(raw.url);
  return {
    id: raw.id,
    time: new Date(raw.time).toISOString(),
    kind: kindFromPath(raw.method, path),
    method: raw.method,
    path,
    query: {},
    status: raw.status,
    durationMs: Math.round(raw.durationMs * 1000) / 1000,
    request: { headers: {}, body: null },
    response: { headers: {}, body: null },
    clientId: null,
    userId: null,
    userEmail: null,
    flowId: null,
    notes: [
      {
        level: 'error',
        code: 'recorder_failed',
        message: `Handshake could not record this request in full: ${failure instanceof Error ? failure.message : String(failure)}`,
      },
    ],
  };
}

/** The client an exchange is for: the handler's word, else the client_id or Basic header it carries. */
export function clientIdOf(handler: TrafficAnnotations, exchange: WireExchange): string | null {
  if (handler.clientId !== undefined) return handler.clientId;
  const fromQuery = single(exchange.query.client_id);
  if (fromQuery) return fromQuery;
  const fromBody = single(bodyFields(exchange.requestBody)?.client_id);
  if (fromBody) return fromBody;
  const basic = parseBasicAuthorization(single(exchange.requestHeaders.authorization));
  return basic && basic !== 'malformed' ? basic.clientId : null;
}

function requestBodyOf(captured: CapturedExchange, limit: number): WireBody | null {
  const raw = captured.requestBytes;
  if (raw === null) return null;
  const bytes = Buffer.from(raw.buffer, raw.byteOffset, raw.length);
  // A streaming consumer (the gateway) may keep only the start of a large body: Content-Length says how large.
  const declared = Number(captured.requestHeaders['content-length']);
  const size = Number.isSafeInteger(declared) && declared > bytes.length ? declared : bytes.length;
  return wireBody(captured.requestHeaders['content-type'] ?? null, bytes, size, limit, size === bytes.length);
}

function responseBodyOf(captured: CapturedExchange, contentType: string | null, encoding: unknown, limit: number): WireBody | null {
  const size = captured.responseSize;
  if (size === 0) return null;
  const identity = typeof encoding !== 'string' || encoding === '' || encoding.toLowerCase() === 'identity';
  const whole = identity && size <= Math.min(limit, maxParsedBytes) ? captured.responseText : null;
  if (whole !== null && isTextual(contentType)) {
    const parsed =
      captured.responseJson !== undefined && isJsonType(contentType) ? captured.responseJson : parseBodyFields(contentType, whole);
    return { contentType, text: whole, parsed, size, truncated: false };
  }
  const sent = captured.responseBytes
    ? Buffer.from(captured.responseBytes.buffer, captured.responseBytes.byteOffset, captured.responseBytes.length)
    : Buffer.from(captured.responseText ?? '', 'utf8');
  const kept = sent.length > limit ? sent.subarray(0, limit) : sent;
  const complete = !captured.responseTruncated;
  if (identity) return wireBody(contentType, kept, size, limit, complete);
  const decoded = decodeContent(kept, encoding);
  if (!decoded) {
    const text = `[${size} bytes of ${encoding}-encoded content that could not be decoded]`;
    return { contentType, text, parsed: null, size, truncated: !complete };
  }
  return wireBody(contentType, decoded, size, limit, complete);
}

/**
 * `bytes`: the body as read (decoded when it was compressed), `size`: its bytes on the wire, `complete`: nothing was
 * cut off. Fields are parsed only from a complete body; the text shown is at most `limit` bytes.
 */
function wireBody(contentType: string | null, bytes: Buffer, size: number, limit: number, complete: boolean): WireBody {
  if (!isTextual(contentType)) {
    return { contentType, text: `[${size} bytes of ${mediaType(contentType)}]`, parsed: null, size, truncated: false };
  }
  const shown = bytes.length > limit ? bytes.subarray(0, limit) : bytes;
  const text = shown.toString('utf8');
  const parsed =
    complete && bytes.length <= maxParsedBytes ? parseBodyFields(contentType, bytes === shown ? text : bytes.toString('utf8')) : null;
  return { contentType, text, parsed, size, truncated: !complete || bytes.length > shown.length };
}

function maskedBody(masker: SecretMasker, body: WireBody | null): TrafficBody | null {
  if (!body) return null;
  return {
    contentType: body.contentType,
    text: masker.text(body.text),
    parsed: body.parsed === null ? null : masker.fields(body.parsed),
    size: body.size,
    truncated: body.truncated,
  };
}

/** The client an exchange's credentials name: the Basic header's, else the body's or query's client_id. */
export function presentedClientId(exchange: WireExchange): string | undefined {
  const basic = parseBasicAuthorization(single(exchange.requestHeaders.authorization));
  if (basic && basic !== 'malformed') return basic.clientId;
  return single(bodyFields(exchange.requestBody)?.client_id) ?? single((exchange.query as Record<string, unknown> | null)?.client_id);
}

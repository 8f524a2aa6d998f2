import type { Request, Response } from 'express';
import type { Settings } from '../settings/settings';
import { annotations, type TrafficAnnotations } from './annotations';
import { decodeContent } from './content-decoding';
import { parseBasicAuthorization } from './basic-credentials';
import { SecretMasker } from './masking';
import type { RecentSecrets } from './recent-secrets';
import type { ResponseCapture } from './response-capture';
import type { TrafficBody, TrafficEntry, TrafficKind, TrafficNote } from './traffic-entry';
import { kindFromPath } from './traffic-kind';
import {
  bodyFields,
  isTextual,
  mediaType,
  parseBodyFields,
  searchParamsToRecord,
  single,
  type WireBody,
  type WireExchange,
} from './wire-exchange';

/** What the recorder keeps of a finished request until it builds the entry, off the request path. */
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

export interface BuildContext {
  settings: Settings;
  clientSecret: string;
  /** Bytes of each body kept in the entry. */
  bodyLimit: number;
  classify?: (method: string, path: string) => TrafficKind | undefined;
}

/** Kinds whose `code` fields are not authorization codes. */
const codeIsPlain = new Set<TrafficKind>(['api', 'manifest', 'openapi']);

/** Bodies larger than this are shown (truncated) but not parsed into fields. */
const maxParsedBytes = 1024 * 1024;

/** The unmasked view of a finished request that diagnoses read. */
export function readExchange(raw: RawExchange, context: BuildContext): WireExchange {
  const { req, res } = raw;
  const questionMark = raw.url.indexOf('?');
  const path = questionMark < 0 ? raw.url : raw.url.slice(0, questionMark);
  const query = questionMark < 0 ? {} : searchParamsToRecord(new URLSearchParams(raw.url.slice(questionMark + 1)));
  const handler = annotations(res);
  const responseType = res.getHeader('content-type');
  return {
    kind: handler.kind ?? context.classify?.(req.method, path) ?? kindFromPath(req.method, path),
    method: req.method,
    path,
    query,
    status: res.headersSent ? res.statusCode : 0,
    aborted: raw.aborted,
    requestHeaders: req.headers,
    requestBody: requestBodyOf(req, context.bodyLimit),
    serverParsedBody: (req as { body?: unknown }).body,
    responseHeaders: res.getHeaders(),
    responseBody: responseBodyOf(raw.capture, typeof responseType === 'string' ? responseType : null, res.getHeader('content-encoding'), context.bodyLimit),
    handlerNotes: handler.notes,
    settings: context.settings,
    clientSecret: context.clientSecret,
  };
}

/** The entry as stored, streamed and shown: every secret masked, notes included. */
export function maskedEntry(
  raw: RawExchange,
  exchange: WireExchange,
  notes: TrafficNote[],
  recentSecrets?: RecentSecrets,
): TrafficEntry {
  const masker = new SecretMasker(exchange.clientSecret, recentSecrets, !codeIsPlain.has(exchange.kind));
  masker.collectUrl(raw.url);
  masker.collectFields(exchange.query);
  masker.collectFields(exchange.requestBody?.parsed);
  masker.collectFields(exchange.serverParsedBody);
  masker.collectHeaders(exchange.requestHeaders);
  masker.collectHeaders(exchange.responseHeaders);
  masker.collectFields(exchange.responseBody?.parsed);

  const handler = annotations(raw.res);
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
    flowId: handler.flowId ?? null,
    notes: notes.map((note) => ({ level: note.level, code: note.code, message: masker.text(note.message) })),
  };
}

/** A bare entry for a request whose full entry could not be built; carries nothing that could hold a secret. */
export function fallbackEntry(raw: RawExchange, failure: unknown): TrafficEntry {
  const path = raw.url.split('?')[0];
  return {
    id: raw.id,
    time: new Date(raw.time).toISOString(),
    kind: kindFromPath(raw.req.method, path),
    method: raw.req.method,
    path,
    query: {},
    status: raw.res.headersSent ? raw.res.statusCode : 0,
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

function clientIdOf(handler: TrafficAnnotations, exchange: WireExchange): string | null {
  if (handler.clientId !== undefined) return handler.clientId;
  const fromQuery = single(exchange.query.client_id);
  if (fromQuery) return fromQuery;
  const fromBody = single(bodyFields(exchange.requestBody)?.client_id);
  if (fromBody) return fromBody;
  const basic = parseBasicAuthorization(single(exchange.requestHeaders.authorization));
  return basic && basic !== 'malformed' ? basic.clientId : null;
}

function requestBodyOf(req: Request, limit: number): WireBody | null {
  const raw = (req as { rawBody?: unknown }).rawBody;
  if (!(raw instanceof Uint8Array)) return null;
  const bytes = Buffer.isBuffer(raw) ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.length);
  // A streaming consumer (the gateway) may keep only the start of a large body: Content-Length says how large.
  const declared = Number(req.headers['content-length']);
  const size = Number.isSafeInteger(declared) && declared > bytes.length ? declared : bytes.length;
  return wireBody(req.headers['content-type'] ?? null, bytes, size, limit, size === bytes.length);
}

function responseBodyOf(capture: ResponseCapture, contentType: string | null, encoding: unknown, limit: number): WireBody | null {
  if (capture.size === 0) return null;
  const identity = typeof encoding !== 'string' || encoding === '' || encoding.toLowerCase() === 'identity';
  const whole = identity && capture.size <= Math.min(limit, maxParsedBytes) ? capture.wholeText() : null;
  if (whole !== null && isTextual(contentType)) {
    return { contentType, text: whole, parsed: parseBodyFields(contentType, whole), size: capture.size, truncated: false };
  }
  const sent = capture.bytes();
  const complete = !capture.truncated;
  if (identity) return wireBody(contentType, sent, capture.size, limit, complete);
  const decoded = decodeContent(sent, encoding);
  if (!decoded) {
    const text = `[${capture.size} bytes of ${encoding}-encoded content that could not be decoded]`;
    return { contentType, text, parsed: null, size: capture.size, truncated: !complete };
  }
  return wireBody(contentType, decoded, capture.size, limit, complete);
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
  const parsed = complete && bytes.length <= maxParsedBytes ? parseBodyFields(contentType, bytes === shown ? text : bytes.toString('utf8')) : null;
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

import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import type { McpHostId } from '../hosts/host-profile';
import type { Settings } from '../settings/settings';
import { parseEventStream } from './mcp/json-rpc-messages';
import type { ClientSecrets } from './secret-fingerprint';
import type { TrafficKind, TrafficNote } from './traffic-entry';

/** A body as it crossed the wire, before masking. */
export interface WireBody {
  /** The Content-Type header as sent, parameters included. */
  contentType: string | null;
  /** UTF-8 text of the captured bytes (at most the capture limit). */
  text: string;
  /** JSON or form fields, when the media type is one of those and the body parses; else null. */
  parsed: unknown;
  /** Bytes on the wire. */
  size: number;
  truncated: boolean;
}

/** One request and its answer, unmasked: what diagnoses read. Never stored. */
export interface WireExchange {
  kind: TrafficKind;
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  status: number;
  /** The client went away before the answer was complete. */
  aborted: boolean;
  requestHeaders: IncomingHttpHeaders;
  /** null when no body parser kept the raw bytes. */
  requestBody: WireBody | null;
  /** What the server's own body parser made of the body (`req.body`). */
  serverParsedBody: unknown;
  responseHeaders: OutgoingHttpHeaders;
  responseBody: WireBody | null;
  /** Notes the handlers added while answering. */
  handlerNotes: TrafficNote[];
  settings: Settings;
  secrets: ClientSecrets;
  /** The MCP host making the request, once recognised (see mcp-host-of.ts). */
  mcpHost?: McpHostId;
}

/** Every exchange is asked its media types several times, and a server sends few distinct Content-Types. */
const mediaTypes = new Map<string, string | null>();
const maxRememberedMediaTypes = 500;

/** `application/json; charset=utf-8` → `application/json`. */
export function mediaType(contentType: string | null | undefined): string | null {
  if (!contentType) return null;
  let type = mediaTypes.get(contentType);
  if (type === undefined) {
    type = contentType.split(';')[0].trim().toLowerCase() || null;
    if (mediaTypes.size < maxRememberedMediaTypes) mediaTypes.set(contentType, type);
  }
  return type;
}

const textualTypes = /^(?:text\/|application\/(?:[\w.-]+\+)?(?:json|xml|yaml|x-yaml|javascript|x-www-form-urlencoded|graphql)\b)/;

/** Whether a body of this Content-Type is text worth showing (an image or a zip is shown by its size only). */
export function isTextual(contentType: string | null): boolean {
  const type = mediaType(contentType);
  return type === null || textualTypes.test(type);
}

/** application/json or a +json type: what parseBodyFields reads with JSON.parse. */
export function isJsonType(contentType: string | null): boolean {
  const type = mediaType(contentType);
  return type !== null && (type === 'application/json' || type.endsWith('+json'));
}

/** The fields of a JSON or form body; null for other media types and for bodies that do not parse. */
export function parseBodyFields(contentType: string | null, text: string): unknown {
  const type = mediaType(contentType);
  if (type === null || text === '') return null;
  if (isJsonType(contentType)) {
    try {
      return JSON.parse(text);
    } catch {
      return null;
    }
  }
  if (type === 'application/x-www-form-urlencoded') return searchParamsToRecord(new URLSearchParams(text));
  // An MCP server's streamed answer: shown (and diagnosed) as its events.
  if (type === 'text/event-stream') return parseEventStream(text);
  return null;
}

export function searchParamsToRecord(params: URLSearchParams): Record<string, string | string[]> {
  const record: Record<string, string | string[]> = {};
  for (const [name, value] of params) {
    const existing = record[name];
    if (existing === undefined) record[name] = value;
    else if (Array.isArray(existing)) existing.push(value);
    else record[name] = [existing, value];
  }
  return record;
}

/** The body's fields when it has them as an object (JSON object or form), else null. */
export function bodyFields(body: WireBody | null): Record<string, unknown> | null {
  const parsed = body?.parsed;
  return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
}

/** First value of a header or field that may be repeated. */
export function single(value: unknown): string | undefined {
  if (Array.isArray(value)) return single(value[0]);
  return typeof value === 'string' ? value : undefined;
}

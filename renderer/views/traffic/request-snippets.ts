import type { TrafficEntry } from '../../../server/traffic/traffic-entry';

/** A request as the dashboard shows, copies and resends it (mirrors server/traffic/traffic-replay.ts). */
export interface EditableRequest {
  method: string;
  /** Path and query. */
  path: string;
  headers: Record<string, string>;
  body: string;
}

/** Set by whatever sends the copy, or meaningless in it. */
const droppedHeaders = new Set([
  'host',
  'content-length',
  'connection',
  'keep-alive',
  'transfer-encoding',
  'upgrade',
  'expect',
  'te',
  'x-handshake-replay',
]);

export function requestOf(entry: TrafficEntry): EditableRequest {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(entry.query)) for (const v of Array.isArray(value) ? value : [value]) query.append(key, v);
  const search = query.toString();
  return {
    method: entry.method,
    path: search ? `${entry.path}?${search}` : entry.path,
    headers: Object.fromEntries(Object.entries(entry.request.headers).filter(([name]) => !droppedHeaders.has(name.toLowerCase()))),
    body: entry.request.body?.text ?? '',
  };
}

/**
 * The log shows Basic credentials decoded ("Basic id:secret"); once the core has put the client secret back, encode
 * them again so the request can be sent as it was.
 */
export function withEncodedBasic(request: EditableRequest): EditableRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    const basic = /^basic\s+([^:\s]+):(.*)$/i.exec(value);
    headers[name] =
      name.toLowerCase() === 'authorization' && basic && !basic[2].includes('••••') ? `Basic ${btoa(`${basic[1]}:${basic[2]}`)}` : value;
  }
  return { ...request, headers };
}

/** Whether the request still shows a masked value that cannot be filled (codes, tokens, passwords, a wrong secret). */
export function stillMasked(request: EditableRequest): boolean {
  return /••••/.test(JSON.stringify(request));
}

const shellQuote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

export function curlOf(request: EditableRequest, baseUrl: string): string {
  const parts = [`curl -X ${request.method} ${shellQuote(new URL(request.path, baseUrl).toString())}`];
  for (const [name, value] of Object.entries(request.headers)) parts.push(`-H ${shellQuote(`${name}: ${value}`)}`);
  if (request.body !== '') parts.push(`--data-raw ${shellQuote(request.body)}`);
  return parts.join(' \\\n  ');
}

export function fetchOf(request: EditableRequest, baseUrl: string): string {
  const init: Record<string, unknown> = { method: request.method, headers: request.headers };
  if (request.body !== '') init.body = request.body;
  return `await fetch(${JSON.stringify(new URL(request.path, baseUrl).toString())}, ${JSON.stringify(init, null, 2)});`;
}

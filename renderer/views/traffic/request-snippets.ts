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
const droppedHeaders = new Set(['host', 'content-length', 'connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'expect', 'te', 'x-handshake-replay']);

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

const matchesText = 'matches the configured client secret';

/** "•••• WXYZ (matches the configured client secret)": how the log masks the configured secret. */
export function maskedSecret(secret: string): string {
  return `${secret.length >= 8 ? `•••• ${secret.slice(-4)}` : '••••'} (${matchesText})`;
}

/** Puts the configured client secret back where it was masked; a Basic header is encoded again. */
export function fillSecret(request: EditableRequest, secret: string): EditableRequest {
  const masked = maskedSecret(secret);
  const fill = (text: string) => text.split(masked).join(secret);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    const basic = /^basic\s+([^:\s]+):(.*)$/i.exec(value);
    headers[name] = name.toLowerCase() === 'authorization' && basic && basic[2] === masked ? `Basic ${btoa(`${basic[1]}:${secret}`)}` : fill(value);
  }
  return { ...request, path: fill(request.path), headers, body: fill(request.body) };
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

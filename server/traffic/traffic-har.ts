import { STATUS_CODES } from 'node:http';
import type { Har, HarEntry, HarHeader } from './har';
import type { TrafficBody, TrafficEntry } from './traffic-entry';

/** HAR 1.2 of masked entries (oldest first, as HAR viewers expect). */
export function harOf(entries: TrafficEntry[], appVersion: string): Har {
  return {
    log: {
      version: '1.2',
      creator: { name: 'Handshake', version: appVersion },
      entries: entries.map(harEntryOf),
    },
  };
}

export function harEntryOf(entry: TrafficEntry): HarEntry {
  const queryString = pairs(entry.query);
  const requestBody = entry.request.body;
  const responseBody = entry.response.body;
  return {
    startedDateTime: entry.time,
    time: entry.durationMs,
    request: {
      method: entry.method,
      url: urlOf(entry, queryString),
      httpVersion: 'HTTP/1.1',
      headers: headerList(entry.request.headers),
      queryString,
      cookies: [],
      headersSize: -1,
      bodySize: requestBody?.size ?? 0,
      ...(requestBody ? { postData: { mimeType: requestBody.contentType ?? '', text: requestBody.text } } : {}),
    },
    response: {
      status: entry.status,
      statusText: STATUS_CODES[entry.status] ?? '',
      httpVersion: 'HTTP/1.1',
      headers: headerList(entry.response.headers),
      cookies: [],
      content: contentOf(responseBody, entry.response.headers['content-type']),
      redirectURL: entry.response.headers.location ?? '',
      headersSize: -1,
      bodySize: responseBody?.size ?? 0,
    },
    cache: {},
    timings: { send: 0, wait: entry.durationMs, receive: 0 },
    _kind: entry.kind,
    _flowId: entry.flowId,
    _notes: entry.notes.map(({ level, code, message }) => ({ level, code, message })),
  };
}

function urlOf(entry: TrafficEntry, queryString: HarHeader[]): string {
  const headers = entry.request.headers;
  const protocol = firstValue(headers['x-forwarded-proto']) ?? 'http';
  const host = firstValue(headers['x-forwarded-host']) ?? headers.host ?? 'localhost';
  const search = new URLSearchParams(queryString.map(({ name, value }) => [name, value])).toString();
  return `${protocol}://${host}${entry.path}${search ? `?${search}` : ''}`;
}

function firstValue(header: string | undefined): string | undefined {
  return header?.split(',')[0].trim() || undefined;
}

function contentOf(body: TrafficBody | null, contentType: string | undefined): HarEntry['response']['content'] {
  if (!body) return { size: 0, mimeType: contentType ?? '' };
  return { size: body.size, mimeType: body.contentType ?? contentType ?? '', text: body.text };
}

function pairs(record: Record<string, string | string[]>): HarHeader[] {
  return Object.entries(record).flatMap(([name, value]) => (Array.isArray(value) ? value : [value]).map((one) => ({ name, value: one })));
}

function headerList(headers: Record<string, string>): HarHeader[] {
  return Object.entries(headers).map(([name, value]) => ({ name, value }));
}

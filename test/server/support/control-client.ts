import { randomUUID } from 'node:crypto';
import type { TrafficEntry, TrafficSummary } from '../../../server/traffic/traffic-entry';
import { type EventStreamReader, openEventStream } from './event-stream';
import { type HttpResponse, httpRequest } from './http-request';

/** A script's view of the HTTP control API: bearer token attached, JSON in and out. */
export class ControlClient {
  constructor(
    readonly url: string,
    readonly token: string,
  ) {}

  get authorization(): Record<string, string> {
    return { Authorization: `Bearer ${this.token}` };
  }

  /** Any request, answer as is (for status assertions). */
  send(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<HttpResponse> {
    return httpRequest(this.url + path, { method, body, headers: { ...this.authorization, ...headers } });
  }

  /** A request that must succeed (2xx); returns the parsed JSON. */
  async call<T = any>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await this.send(method, path, body);
    if (response.status < 200 || response.status >= 300) {
      throw new Error(`${method} ${path} answered ${response.status}: ${response.text}`);
    }
    return response.json as T;
  }

  get<T = any>(path: string): Promise<T> {
    return this.call<T>('GET', path);
  }

  /** Full entries for a traffic listing (newest first). */
  async trafficEntries(query = ''): Promise<TrafficEntry[]> {
    const summaries = await this.get<TrafficSummary[]>(`/api/traffic${query ? `?${query}` : ''}`);
    return Promise.all(summaries.map((summary) => this.get<TrafficEntry>(`/api/traffic/${encodeURIComponent(summary.id)}`)));
  }

  /**
   * The recorded entry that `matches`, polling the control API: the recorder logs a request just after its answer
   * went out, so it may not be listed yet when the client has the response.
   */
  async waitForEntry(matches: (entry: TrafficEntry) => boolean, timeoutMs = 3000): Promise<TrafficEntry> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = (await this.trafficEntries()).find(matches);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no matching traffic entry within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  /** The entry of the request that carried `x-test-mark: <mark>` (see ChatGptClient's `mark`). */
  entryMarked(mark: string, timeoutMs?: number): Promise<TrafficEntry> {
    return this.waitForEntry((entry) => entry.request.headers[markHeader] === mark, timeoutMs);
  }

  openTrafficStream(): Promise<EventStreamReader> {
    return openEventStream(`${this.url}/api/traffic/stream`, this.authorization);
  }
}

/** A request header tests add to find the traffic entry of one request among many. */
export const markHeader = 'x-test-mark';

/** A fresh mark and the headers that carry it, for `entryMarked(mark)`. */
export function markedRequest(): { mark: string; headers: Record<string, string> } {
  const mark = randomUUID();
  return { mark, headers: { [markHeader]: mark } };
}

import { request } from 'node:http';

export interface StreamMessage {
  event: string | null;
  data: string;
}

export interface EventStreamReader {
  status: number;
  /** Every byte received so far, comments and heartbeats included. */
  raw(): string;
  /** Every `data:` message received so far. */
  messages(): StreamMessage[];
  /** Resolves with the first message (already received or yet to come) that `matches`, or rejects after timeoutMs. */
  waitFor(matches: (message: StreamMessage) => boolean, timeoutMs?: number): Promise<StreamMessage>;
  close(): void;
}

/** Opens a Server-Sent Events stream and resolves once its response headers are in. */
export function openEventStream(url: string, headers: Record<string, string>): Promise<EventStreamReader> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { Accept: 'text/event-stream', ...headers } }, (res) => {
      let raw = '';
      let buffer = '';
      const received: StreamMessage[] = [];
      const waiters = new Set<() => void>();
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        raw += chunk;
        buffer += chunk;
        let boundary: number;
        while ((boundary = buffer.indexOf('\n\n')) !== -1) {
          const lines = buffer.slice(0, boundary).split('\n');
          buffer = buffer.slice(boundary + 2);
          const data = lines.filter((line) => line.startsWith('data: ')).map((line) => line.slice(6));
          if (data.length === 0) continue;
          received.push({ event: lines.find((line) => line.startsWith('event: '))?.slice(7) ?? null, data: data.join('\n') });
        }
        for (const wake of [...waiters]) wake();
      });
      res.on('error', () => undefined);
      resolve({
        status: res.statusCode ?? 0,
        raw: () => raw,
        messages: () => [...received],
        waitFor(matches, timeoutMs = 1000) {
          return new Promise((found, fail) => {
            const check = () => {
              const message = received.find(matches);
              if (!message) return;
              clearTimeout(timer);
              waiters.delete(check);
              found(message);
            };
            const timer = setTimeout(() => {
              waiters.delete(check);
              fail(new Error(`no matching stream message within ${timeoutMs} ms`));
            }, timeoutMs);
            waiters.add(check);
            check();
          });
        },
        close: () => req.destroy(),
      });
    });
    req.on('error', reject);
    req.end();
  });
}

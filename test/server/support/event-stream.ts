import { type IncomingHttpHeaders, request } from 'node:http';

export interface StreamMessage {
  event: string | null;
  data: string;
}

export interface EventStreamReader {
  status: number;
  headers: IncomingHttpHeaders;
  /** Every byte received so far, comments and heartbeats included. */
  raw(): string;
  /** Every `data:` message received so far. */
  messages(): StreamMessage[];
  /** Resolves with the first message (already received or yet to come) that `matches`, or rejects after timeoutMs. */
  waitFor(matches: (message: StreamMessage) => boolean, timeoutMs?: number): Promise<StreamMessage>;
  /** The next message not yet taken by `next`, in arrival order, or a rejection after timeoutMs. */
  next(timeoutMs?: number): Promise<StreamMessage>;
  /** Resolves once the server ends the response. */
  ended: Promise<void>;
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
      let taken = 0;
      const takers: ((message: StreamMessage) => void)[] = [];
      const ended = new Promise<void>((done) => {
        res.on('end', done);
        res.on('close', done);
      });
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
          while (takers.length > 0 && taken < received.length) takers.shift()!(received[taken++]);
        }
        for (const wake of [...waiters]) wake();
      });
      res.on('error', () => undefined);
      resolve({
        status: res.statusCode ?? 0,
        headers: res.headers,
        raw: () => raw,
        messages: () => [...received],
        ended,
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
        next(timeoutMs = 1000) {
          if (taken < received.length) return Promise.resolve(received[taken++]);
          return new Promise((found, fail) => {
            const timer = setTimeout(() => {
              takers.splice(takers.indexOf(taker), 1);
              fail(new Error(`no stream message within ${timeoutMs} ms`));
            }, timeoutMs);
            const taker = (message: StreamMessage) => {
              clearTimeout(timer);
              found(message);
            };
            takers.push(taker);
          });
        },
        close: () => req.destroy(),
      });
    });
    req.on('error', reject);
    req.end();
  });
}

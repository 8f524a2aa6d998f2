import { request, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  json: any;
}

export interface RawRequest {
  method?: string;
  headers?: Record<string, string>;
  /** A string is sent as is; anything else as JSON with Content-Type: application/json. */
  body?: unknown;
}

/**
 * node:http instead of fetch, because fetch cannot send a forged Host header — which is what the
 * DNS-rebinding tests need.
 */
export function send(baseUrl: string, path: string, init: RawRequest = {}): Promise<RawResponse> {
  const url = new URL(path, baseUrl);
  const headers: Record<string, string> = { ...init.headers };
  let payload: string | undefined;
  if (init.body !== undefined) {
    payload = typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
    if (typeof init.body !== 'string' && !Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) {
      headers['Content-Type'] = 'application/json';
    }
    headers['Content-Length'] = String(Buffer.byteLength(payload));
  }
  return new Promise((resolve, reject) => {
    const req = request(url, { method: init.method ?? 'GET', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
}

export interface SseMessage {
  event: string | null;
  data: string;
}

export interface SseConnection {
  status: number;
  headers: IncomingHttpHeaders;
  /** Everything received so far, comments included. */
  raw(): string;
  /** The next `data:` message, or a rejection after timeoutMs. */
  next(timeoutMs?: number): Promise<SseMessage>;
  /** Resolves once the server ends the response. */
  ended: Promise<void>;
  close(): void;
}

/** Opens an SSE stream and resolves once the response headers are in. */
export function openSse(baseUrl: string, path: string, headers: Record<string, string>): Promise<SseConnection> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, baseUrl), { headers: { Accept: 'text/event-stream', ...headers } }, (res: IncomingMessage) => {
      let raw = '';
      let buffer = '';
      const messages: SseMessage[] = [];
      const waiters: ((message: SseMessage) => void)[] = [];
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
          const block = buffer.slice(0, boundary);
          buffer = buffer.slice(boundary + 2);
          const lines = block.split('\n');
          const data = lines.filter((line) => line.startsWith('data: ')).map((line) => line.slice(6));
          if (data.length === 0) continue;
          const event = lines.find((line) => line.startsWith('event: '))?.slice(7) ?? null;
          const message = { event, data: data.join('\n') };
          const waiter = waiters.shift();
          if (waiter) waiter(message);
          else messages.push(message);
        }
      });
      res.on('error', () => undefined);
      resolve({
        status: res.statusCode ?? 0,
        headers: res.headers,
        raw: () => raw,
        ended,
        next(timeoutMs = 1000) {
          const queued = messages.shift();
          if (queued) return Promise.resolve(queued);
          return new Promise((resolveMessage, rejectMessage) => {
            const timer = setTimeout(() => {
              waiters.splice(waiters.indexOf(waiter), 1);
              rejectMessage(new Error(`no SSE message within ${timeoutMs} ms`));
            }, timeoutMs);
            const waiter = (message: SseMessage) => {
              clearTimeout(timer);
              resolveMessage(message);
            };
            waiters.push(waiter);
          });
        },
        close() {
          req.destroy();
        },
      });
    });
    req.on('error', (error) => reject(error));
    req.end();
  });
}

export async function waitFor(condition: () => boolean, timeoutMs = 1000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

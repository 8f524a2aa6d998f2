import { type IncomingHttpHeaders, request } from 'node:http';

export interface HttpResponse {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  /** The body parsed as JSON when the Content-Type says JSON; undefined otherwise (so `json` also asserts the type). */
  json: any;
}

export interface HttpRequest {
  method?: string;
  headers?: Record<string, string>;
  /** A string is sent as is; anything else as JSON (Content-Type: application/json unless given). */
  body?: unknown;
}

/**
 * One HTTP exchange over node:http: no redirect following (the authorize flow reads Location itself) and any
 * Host header may be sent (the DNS-rebinding tests forge one, which fetch cannot).
 */
export function httpRequest(url: string, init: HttpRequest = {}): Promise<HttpResponse> {
  const headers: Record<string, string> = { ...init.headers };
  let payload: string | undefined;
  if (init.body !== undefined) {
    payload = typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
    const hasType = Object.keys(headers).some((name) => name.toLowerCase() === 'content-type');
    if (typeof init.body !== 'string' && !hasType) headers['Content-Type'] = 'application/json';
    headers['Content-Length'] = String(Buffer.byteLength(payload));
  }
  return new Promise((resolve, reject) => {
    const req = request(url, { method: init.method ?? 'GET', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        if ((res.headers['content-type'] ?? '').includes('json')) {
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
}

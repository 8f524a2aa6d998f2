import { createServer, type IncomingMessage, type Server } from 'node:http';

export interface ProxiedRequest {
  method: string;
  /** Path and query. */
  path: string;
  headers: Record<string, string>;
  body: string;
}

export interface ProxiedResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface RewritingProxy {
  url: string;
  /** Every request as it arrived, before any rewrite. */
  requests: ProxiedRequest[];
  close(): Promise<void>;
}

export interface Rewrites {
  /** Changes the request before it is forwarded, or answers it directly by returning a response. */
  request?(request: ProxiedRequest): ProxiedRequest | ProxiedResponse;
  /** Changes the answer on its way back. */
  response?(response: ProxiedResponse, request: ProxiedRequest): ProxiedResponse;
}

const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });

const dropped = new Set(['host', 'content-length', 'connection', 'transfer-encoding', 'keep-alive', 'content-encoding']);

/**
 * A reverse proxy on 127.0.0.1:0 in front of a real Handshake, the way ngrok or a developer's proxy fronts it
 * (X-Forwarded-Host/Proto, so every URL Handshake builds names the proxy), which can break what passes through: a
 * metadata field, a redirect, a status. It stands for a misconfigured server without touching Handshake's code.
 */
export async function startRewritingProxy(
  target: string,
  rewrites: Rewrites = {},
  options: { forwardedHost?: string } = {},
): Promise<RewritingProxy> {
  const requests: ProxiedRequest[] = [];
  let address = '';
  const server: Server = createServer(async (req, res) => {
    try {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers))
        if (!dropped.has(name) && value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
      const arrived: ProxiedRequest = { method: req.method ?? 'GET', path: req.url ?? '/', headers, body: await readBody(req) };
      requests.push(structuredClone(arrived));
      const rewritten = rewrites.request ? rewrites.request(arrived) : arrived;
      let answer: ProxiedResponse;
      if ('status' in rewritten) answer = rewritten;
      else {
        const upstream = await fetch(target + rewritten.path, {
          method: rewritten.method,
          headers: {
            ...rewritten.headers,
            'x-forwarded-host': options.forwardedHost ?? address,
            'x-forwarded-proto': 'http',
            'x-forwarded-for': '127.0.0.1',
          },
          body: rewritten.method === 'GET' || rewritten.method === 'HEAD' ? undefined : rewritten.body,
          redirect: 'manual',
        });
        const upstreamHeaders: Record<string, string> = {};
        upstream.headers.forEach((value, name) => {
          if (!dropped.has(name) && name !== 'set-cookie') upstreamHeaders[name] = value;
        });
        const cookies = upstream.headers.getSetCookie();
        if (cookies.length) upstreamHeaders['set-cookie'] = cookies.join('\n');
        answer = { status: upstream.status, headers: upstreamHeaders, body: await upstream.text() };
        if (rewrites.response) answer = rewrites.response(answer, rewritten);
      }
      for (const [name, value] of Object.entries(answer.headers)) res.setHeader(name, name === 'set-cookie' ? value.split('\n') : value);
      res.statusCode = answer.status;
      res.end(answer.body);
    } catch (error) {
      res.statusCode = 500;
      res.end(String(error));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  address = `127.0.0.1:${(server.address() as { port: number }).port}`;
  return {
    url: `http://${address}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A JSON answer rewritten by `change` (when it is JSON). */
export function rewriteJson(response: ProxiedResponse, change: (json: any) => void): ProxiedResponse {
  const json = JSON.parse(response.body);
  change(json);
  return { ...response, body: JSON.stringify(json) };
}

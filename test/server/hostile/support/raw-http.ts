import { connect } from 'node:net';

export interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  /** Header names in the order received, lower case, duplicates kept (to spot an injected header). */
  headerNames: string[];
  body: Buffer;
  text: string;
}

/**
 * Sends bytes exactly as given (bad encodings, CR/LF, bare paths like `//` or `/..%2f`) on a fresh connection and
 * reads the answer until the server closes (every request says Connection: close). fetch and node:http refuse to send most of what this suite needs to.
 */
export function sendRaw(port: number, request: Buffer | string, timeoutMs = 10_000): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no complete answer within ${timeoutMs} ms to ${String(request).slice(0, 120)}`));
    }, timeoutMs);
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', () => undefined); // a reset after the answer is fine; no answer is caught below
    socket.on('close', () => {
      clearTimeout(timer);
      try {
        resolve(parseAnswer(Buffer.concat(chunks)));
      } catch (error) {
        reject(new Error(`${(error as Error).message} for ${JSON.stringify(String(request).slice(0, 200))}`));
      }
    });
    // Written, not ended: a half-closed socket is not what HTTP clients do, and Node drops some answers to it.
    socket.write(request);
  });
}

function parseAnswer(raw: Buffer): RawAnswer {
  const split = raw.indexOf('\r\n\r\n');
  if (split < 0) throw new Error(`no HTTP answer (${raw.length} bytes)`);
  const [statusLine, ...lines] = raw.subarray(0, split).toString('latin1').split('\r\n');
  const match = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine);
  if (!match) throw new Error(`bad status line ${JSON.stringify(statusLine)}`);
  const headers: Record<string, string> = {};
  const headerNames: string[] = [];
  for (const line of lines) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).trim().toLowerCase();
    headerNames.push(name);
    headers[name] = line.slice(colon + 1).trim();
  }
  let body = raw.subarray(split + 4);
  if (headers['transfer-encoding'] === 'chunked') body = dechunk(body);
  else if (headers['content-length'] !== undefined) body = body.subarray(0, Number(headers['content-length']));
  return { status: Number(match[1]), headers, headerNames, body, text: body.toString('utf8') };
}

function dechunk(body: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  while (at < body.length) {
    const lineEnd = body.indexOf('\r\n', at);
    if (lineEnd < 0) break;
    const size = parseInt(body.subarray(at, lineEnd).toString('latin1'), 16);
    if (!size) break;
    parts.push(body.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

/** A request head + body; Content-Length is computed unless `headers` sets it; Host defaults to 127.0.0.1. Connection: close is always sent. */
export function rawRequest(
  method: string,
  target: string | Buffer,
  headers: [string, string | Buffer][],
  body: Buffer | string = '',
): Buffer {
  const bodyBytes = Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
  const hasHost = headers.some(([name]) => name.toLowerCase() === 'host');
  const all: [string, string | Buffer][] = [
    ...(hasHost ? [] : [['Host', '127.0.0.1'] as [string, string]]),
    ['Connection', 'close'],
    ...headers,
  ];
  if (!all.some(([name]) => name.toLowerCase() === 'content-length') && (bodyBytes.length > 0 || method === 'POST'))
    all.push(['Content-Length', String(bodyBytes.length)]);
  const head = [Buffer.from(`${method} `), Buffer.isBuffer(target) ? target : Buffer.from(target, 'latin1'), Buffer.from(' HTTP/1.1\r\n')];
  for (const [name, value] of all)
    head.push(Buffer.from(`${name}: `), Buffer.isBuffer(value) ? value : Buffer.from(value, 'utf8'), Buffer.from('\r\n'));
  head.push(Buffer.from('\r\n'));
  return Buffer.concat([...head, bodyBytes]);
}

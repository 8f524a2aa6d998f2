import { randomBytes } from 'node:crypto';
import { replayHeader } from './arrival';
import { revealInText } from './secret-reveal';
import type { TrafficEntry } from './traffic-entry';
import type { TrafficLog } from './traffic-log';

/** The request a replay sends: the recorded one, or the developer's edit of it. */
export interface ReplayRequest {
  method: string;
  /** Path and query. */
  path: string;
  headers: Record<string, string>;
  body: string;
}

/** Set by the HTTP client from the new request, or meaningless once replayed. */
const droppedHeaders = new Set([
  'host',
  'content-length',
  'connection',
  'keep-alive',
  'transfer-encoding',
  'upgrade',
  'expect',
  'te',
  replayHeader,
]);

export function recordedRequest(entry: TrafficEntry): ReplayRequest {
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
 * Puts the configured client secret back where the log masked it (the only secret Handshake can vouch for; codes,
 * tokens and passwords were never kept). A Basic Authorization header is encoded again.
 */
export function fillClientSecret(request: ReplayRequest, secret: string): ReplayRequest {
  if (secret === '') return request;
  const fill = (text: string) => revealInText(text, secret);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    const basic = /^basic\s+([^:\s]+):(.*)$/i.exec(value);
    headers[name] =
      name.toLowerCase() === 'authorization' && basic && fill(basic[2]) === secret && basic[2] !== secret
        ? `Basic ${Buffer.from(`${basic[1]}:${secret}`).toString('base64')}`
        : fill(value);
  }
  return { ...request, path: fill(request.path), headers, body: fill(request.body) };
}

export interface ReplayOutcome {
  /** The new entry's id in the traffic log. */
  id: string;
  status: number;
}

/**
 * Sends the request to the public listener, as any client would, and waits for the log to record it: the new
 * entry is found by a nonce in the replay header.
 */
export async function sendReplay(localUrl: string, request: ReplayRequest, log: TrafficLog, originalId: string): Promise<ReplayOutcome> {
  const marker = `${originalId} ${randomBytes(6).toString('hex')}`;
  let unsubscribe = () => {};
  const recorded = new Promise<string>((resolve) => {
    unsubscribe = log.subscribe((event) => {
      if (event.type === 'traffic' && event.entry.request.headers[replayHeader] === marker) resolve(event.entry.id);
    });
  });
  try {
    const hasBody = request.body !== '' && request.method !== 'GET' && request.method !== 'HEAD';
    const response = await fetch(new URL(request.path, localUrl), {
      method: request.method,
      headers: { ...request.headers, [replayHeader]: marker },
      body: hasBody ? request.body : undefined,
      redirect: 'manual',
    });
    await response.arrayBuffer().catch(() => undefined);
    const id = await Promise.race([recorded, new Promise<null>((resolve) => setTimeout(() => resolve(null), 5000))]);
    if (id === null) throw new Error('the replayed request was sent but did not appear in the log within 5 s');
    return { id, status: response.status };
  } finally {
    unsubscribe();
  }
}

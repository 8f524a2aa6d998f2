import type { IncomingHttpHeaders } from 'node:http';
import { checkFlowPattern, checkHeader } from '../checks/check-marker';

/**
 * How a request reached the public listener. The listener binds to 127.0.0.1 only, so every request comes from
 * loopback: what tells them apart is what the tunnel or a proxy adds (the public Host, X-Forwarded-*).
 */
export type ArrivalVia = 'tunnel' | 'proxy' | 'loopback';

export interface TrafficArrival {
  via: ArrivalVia;
  /** The request carries ChatGPT's or Codex's signature (its User-Agent). */
  agent: 'chatgpt' | 'codex' | null;
  /** The id of the entry this request replays (sent by the dashboard's Replay), else absent. */
  replayOf?: string;
  /** The flow of Handshake's own check ("Test as ChatGPT") that sent this request, else absent: not ChatGPT's. */
  check?: string;
}

/** Header Replay marks its requests with: `<entry id> <nonce>`. The check's marker is `checkHeader` (checks/check-http.ts). */
export const replayHeader = 'x-handshake-replay';

const tunnelHost = /\.ngrok(?:-free)?\.(?:app|dev|io|pizza)$|\.trycloudflare\.com$/i;
const loopbackHost = /^(?:127(?:\.\d{1,3}){3}|localhost|\[::1\]|::1)$/i;

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value)?.trim() ?? '';
const hostname = (host: string) => host.replace(/:\d+$/, '').toLowerCase();

export function arrivalOf(headers: IncomingHttpHeaders, ngrokDomain = ''): TrafficArrival {
  const replay = first(headers[replayHeader]);
  if (replay) return { via: 'loopback', agent: null, replayOf: replay.split(' ')[0] };
  const host = hostname(first(headers['x-forwarded-host']) || first(headers.host));
  const check = checkFlowOf(headers);
  if (check) return { ...viaOf(headers, host, ngrokDomain), agent: null, check };
  return { ...viaOf(headers, host, ngrokDomain), agent: agentOf(first(headers['user-agent'])) };
}

/** The check flow a request belongs to, from its marker header `<flow id> <nonce>`. */
export function checkFlowOf(headers: IncomingHttpHeaders): string | undefined {
  const flow = first(headers[checkHeader]).split(' ')[0];
  return checkFlowPattern.test(flow) ? flow : undefined;
}

function viaOf(headers: IncomingHttpHeaders, host: string, ngrokDomain: string): { via: ArrivalVia } {
  if (tunnelHost.test(host) || (ngrokDomain !== '' && host === ngrokDomain.toLowerCase())) return { via: 'tunnel' };
  const forwarded = Boolean(first(headers['x-forwarded-for']) || first(headers.forwarded));
  if (forwarded || (host !== '' && !loopbackHost.test(host))) return { via: 'proxy' };
  return { via: 'loopback' };
}

function agentOf(userAgent: string): TrafficArrival['agent'] {
  if (/codex/i.test(userAgent)) return 'codex';
  if (/chatgpt|openai/i.test(userAgent)) return 'chatgpt';
  return null;
}

import { cloudflareUnreachableAdvice, type TunnelProblem } from './tunnel-errors';

/**
 * Reads what cloudflared writes (to stderr, one log line each: `<time> <INF|WRN|ERR|FTL> <message> key=value…`) during
 * a quick tunnel: the trycloudflare.com URL from its banner, each edge connection registered or lost, and errors.
 */
export type CloudflaredLine =
  | { kind: 'url'; url: string }
  | { kind: 'connected'; index: string }
  | { kind: 'disconnected'; index: string }
  | { kind: 'error'; text: string }
  | { kind: 'other' };

const urlPattern = /https:\/\/[a-z0-9-]+\.trycloudflare\.com\b/i;
const levelPattern = /^\S+\s+(DBG|INF|WRN|ERR|FTL)\s+(.*)$/;
const connIndexPattern = /connIndex=(\d+)/;

export function readCloudflaredLine(line: string): CloudflaredLine {
  const url = urlPattern.exec(line)?.[0];
  // The API host (api.trycloudflare.com) appears in errors; only a tunnel's own host is its URL.
  if (url && !/^https:\/\/api\./i.test(url)) return { kind: 'url', url: url.toLowerCase() };
  const [, level, message] = levelPattern.exec(line.trim()) ?? [undefined, undefined, line.trim()];
  const index = connIndexPattern.exec(line)?.[1] ?? '0';
  if (/Unregistered tunnel connection|Connection terminated/i.test(message)) return { kind: 'disconnected', index };
  if (/\bRegistered tunnel connection/i.test(message)) return { kind: 'connected', index };
  // A visitor's request that the public listener did not answer is not the tunnel's failure: Traffic shows requests.
  if (/origin/i.test(message)) return { kind: 'other' };
  if (level === 'ERR' || level === 'FTL') return { kind: 'error', text: message };
  // Before its logger starts (bad flag, unreadable config), cloudflared prints plain lines.
  if (level === undefined && /\b(error|failed|incorrect usage)\b/i.test(message)) return { kind: 'error', text: message };
  return { kind: 'other' };
}

const networkPatterns = [
  /no such host/i,
  /dial tcp/i,
  /i\/o timeout/i,
  /network is unreachable/i,
  /connection refused/i,
  /context deadline exceeded/i,
  /TLS handshake/i,
  /failed to dial/i,
  /lookup \S+/i,
];

/** One of cloudflared's error lines, in plain words. */
export function describeCloudflaredError(text: string): TunnelProblem {
  const words = shorten(text);
  if (/429|Too Many Requests|error code: 1015|rate.?limit/i.test(text)) {
    return {
      code: 'rate_limited',
      message: `Cloudflare is refusing new quick tunnels from this network for now: ${words}`,
      advice:
        'Quick tunnels are rate-limited per network. Wait a few minutes and start again, or use ngrok (Setup) or your own tunnel (Public URL).',
    };
  }
  if (networkPatterns.some((pattern) => pattern.test(text))) {
    return {
      code: 'network_unreachable',
      message: `cloudflared could not reach Cloudflare: ${words}`,
      advice: cloudflareUnreachableAdvice,
    };
  }
  return {
    code: 'unknown',
    message: `cloudflared failed: ${words}`,
    advice:
      'Start the tunnel again; if it keeps failing, run `cloudflared tunnel --url http://127.0.0.1:<port>` in a terminal to see all of its output.',
  };
}

/** The cloudflared process ended by itself: before a URL (a failed start) or after (the tunnel is gone). */
export function cloudflaredExitProblem(
  exit: { code: number | null; signal: string | null },
  lastError: string | null,
  online: boolean,
): TunnelProblem {
  const how = exit.signal ? `was stopped by ${exit.signal}` : `exited with code ${exit.code}`;
  if (!online && lastError) {
    const problem = describeCloudflaredError(lastError);
    if (problem.code !== 'unknown') return problem;
  }
  return {
    code: 'tunnel_exited',
    message: `cloudflared ${how}${online ? ': the public URL no longer works' : ' before giving a URL'}${lastError ? ` (its last error: ${shorten(lastError)})` : ''}.`,
    advice: online
      ? 'Start the tunnel again: Cloudflare gives a new URL, so add the connector in ChatGPT again with it.'
      : 'Start the tunnel again; if it keeps failing, run `cloudflared tunnel --url http://127.0.0.1:<port>` in a terminal to see all of its output.',
  };
}

export function cloudflaredMissingProblem(): TunnelProblem {
  return {
    code: 'cloudflared_missing',
    message: 'cloudflared is not installed: it is not on PATH, not in node_modules, and no path is set in Settings.',
    advice:
      'Install it from https://developers.cloudflare.com/cloudflare-one/networks/connectors/cloudflare-tunnel/downloads/ (macOS: brew install cloudflared; Windows: winget install Cloudflare.cloudflared), or run `npm install cloudflared` in Handshake’s folder, or set its full path in Settings → Network; then start again.',
  };
}

export function cloudflaredUnusableProblem(path: string, reason: string): TunnelProblem {
  return {
    code: 'cloudflared_missing',
    message: `cloudflared could not be started from ${path}: ${reason}.`,
    advice: 'Check the cloudflared path in Settings → Network (the full path of the program, executable), or clear it to look on PATH.',
  };
}

/** cloudflared's message without its key=value tail's noise, on one line of at most 300 characters. */
function shorten(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}

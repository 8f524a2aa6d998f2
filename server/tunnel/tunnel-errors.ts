/**
 * Turns what the ngrok SDK throws (or reports while reconnecting) into plain words for the UI.
 * The SDK appends "error_code: ERR_NGROK_<n>" to its messages and copies the code to `err.errorCode`;
 * network failures carry no code, only text such as "failed to establish tcp connection".
 * Error references: https://ngrok.com/docs/errors/
 */
export interface TunnelProblem {
  /** Stable code the UI and tests key on. */
  code: TunnelProblemCode;
  /** What happened, with secrets removed. */
  message: string;
  /** What to do about it. */
  advice: string;
}

export type TunnelProblemCode =
  | 'missing_authtoken'
  | 'invalid_authtoken'
  | 'session_limit'
  | 'domain_not_yours'
  | 'domain_in_use'
  | 'paid_feature'
  | 'invalid_domain'
  | 'network_unreachable'
  | 'connect_timeout'
  | 'cloudflared_missing'
  | 'rate_limited'
  | 'tunnel_exited'
  | 'unknown';

/** Thrown by a provider that has already put its failure in plain words (cloudflared's output is parsed where it is read). */
export class TunnelProblemError extends Error {
  constructor(readonly problem: TunnelProblem) {
    super(problem.message);
  }
}

const authtokenPage = 'https://dashboard.ngrok.com/get-started/your-authtoken';
const domainsPage = 'https://dashboard.ngrok.com/domains';

interface Explanation {
  code: TunnelProblemCode;
  message: string;
  advice: string;
}

const byNgrokCode: Record<string, Explanation> = {
  ERR_NGROK_4018: {
    code: 'missing_authtoken',
    message: 'ngrok refused the connection because no authtoken was given.',
    advice: `Paste your ngrok authtoken (from ${authtokenPage}) into Handshake, or set NGROK_AUTHTOKEN, then start the tunnel again.`,
  },
  ERR_NGROK_105: {
    code: 'invalid_authtoken',
    message: 'ngrok says the authtoken does not look like an ngrok authtoken.',
    advice: `Copy the authtoken again from ${authtokenPage} — the whole value, without spaces or quotes — and save it in Handshake.`,
  },
  ERR_NGROK_106: {
    code: 'invalid_authtoken',
    message: 'ngrok says the authtoken is an old (v1) authtoken.',
    advice: `Get a current authtoken from ${authtokenPage} and save it in Handshake.`,
  },
  ERR_NGROK_107: {
    code: 'invalid_authtoken',
    message: 'ngrok says the authtoken is no longer valid (it was reset or revoked, or you left the team it belongs to).',
    advice: `Copy your current authtoken from ${authtokenPage} and save it in Handshake.`,
  },
  ERR_NGROK_300: {
    code: 'invalid_authtoken',
    message: 'ngrok says this authtoken credential has been revoked.',
    advice: `Create a new authtoken at ${authtokenPage} and save it in Handshake.`,
  },
  ERR_NGROK_108: {
    code: 'session_limit',
    message: 'Your ngrok account already has as many agent sessions online as its plan allows.',
    advice:
      'Stop the other ngrok agent (another terminal, another Handshake, another machine) or end its session at https://dashboard.ngrok.com/agents, then start again.',
  },
  ERR_NGROK_313: {
    code: 'paid_feature',
    message: 'Choosing your own ngrok subdomain is a paid-plan feature.',
    advice: `Clear the domain to get your account's free dev domain, or use a domain listed at ${domainsPage}.`,
  },
  ERR_NGROK_319: {
    code: 'domain_not_yours',
    message: 'That domain is not reserved on your ngrok account.',
    advice: `Use a domain listed at ${domainsPage} (your free dev domain is there too), or clear the domain field.`,
  },
  ERR_NGROK_320: {
    code: 'domain_not_yours',
    message: 'That domain is reserved by another ngrok account.',
    advice: `Check that the authtoken belongs to the account that owns the domain, or pick one listed at ${domainsPage}.`,
  },
  ERR_NGROK_7117: {
    code: 'domain_not_yours',
    message: 'That domain is not reserved on ngrok.',
    advice: `Reserve it at ${domainsPage}, or use your free dev domain listed there.`,
  },
  ERR_NGROK_7118: {
    code: 'domain_not_yours',
    message: 'That domain is not reserved by your ngrok account.',
    advice: `Use a domain listed at ${domainsPage}, or check which account the authtoken belongs to.`,
  },
  ERR_NGROK_334: {
    code: 'domain_in_use',
    message: 'An endpoint on that domain is already online (another agent is using it).',
    advice: 'Stop the other ngrok agent that uses this domain, then start again.',
  },
};

/** Text the SDK (ngrok-rust) uses when it cannot reach ngrok at all. */
const networkPatterns = [
  /failed to establish tcp connection/i,
  /failed to resolve/i,
  /dns/i,
  /name or service not known/i,
  /no such host/i,
  /network is unreachable/i,
  /connection refused/i,
  /connection reset/i,
  /timed out/i,
  /tls handshake/i,
];

export const networkUnreachableAdvice =
  'Handshake could not reach ngrok (connect.ngrok-agent.com:443). Check that this computer is online, that a firewall or VPN does not block outgoing connections on port 443, and that a proxy is not required; then start again.';

export function describeTunnelError(error: unknown, secrets: string[] = []): TunnelProblem {
  if (error instanceof TunnelProblemError) return error.problem;
  const raw = redact(messageOf(error), secrets);
  const ngrokCode = ngrokCodeOf(error, raw);
  const known = ngrokCode ? byNgrokCode[ngrokCode] : undefined;
  if (known) return { ...known, message: `${known.message} (${ngrokCode})` };
  if (ngrokCode) {
    return {
      code: 'unknown',
      message: `ngrok refused the tunnel: ${firstLine(raw)}`,
      advice: `Look up ${ngrokCode} at https://ngrok.com/docs/errors/${ngrokCode.toLowerCase()}/ for what it means.`,
    };
  }
  if (networkPatterns.some((pattern) => pattern.test(raw))) {
    return { code: 'network_unreachable', message: `Could not reach ngrok: ${firstLine(raw)}`, advice: networkUnreachableAdvice };
  }
  return {
    code: 'unknown',
    message: `The tunnel failed: ${firstLine(raw) || 'no details given'}`,
    advice: 'Try starting the tunnel again; if it keeps failing, check the authtoken and the domain.',
  };
}

export function connectTimeoutProblem(timeoutMs: number, service: 'ngrok' | 'cloudflare' = 'ngrok'): TunnelProblem {
  const seconds = Math.round(timeoutMs / 1000);
  if (service === 'cloudflare') {
    return {
      code: 'connect_timeout',
      message: `cloudflared did not report a tunnel URL within ${seconds} seconds.`,
      advice: cloudflareUnreachableAdvice,
    };
  }
  return { code: 'connect_timeout', message: `ngrok did not answer within ${seconds} seconds.`, advice: networkUnreachableAdvice };
}

export const cloudflareUnreachableAdvice =
  'cloudflared could not reach Cloudflare (api.trycloudflare.com and its edge on port 7844). Check that this computer is online and that a firewall, VPN or proxy does not block outgoing connections; then start again.';

export function missingAuthtokenProblem(detail?: string): TunnelProblem {
  return {
    code: 'missing_authtoken',
    message: detail ?? 'There is no ngrok authtoken: none saved in Handshake and NGROK_AUTHTOKEN is not set.',
    advice: `Sign up at https://dashboard.ngrok.com/signup (free), copy your authtoken from ${authtokenPage}, and paste it into Handshake (or set NGROK_AUTHTOKEN).`,
  };
}

export function invalidDomainProblem(domain: string): TunnelProblem {
  return {
    code: 'invalid_domain',
    message: `"${domain}" is not a domain name.`,
    advice: 'Enter just the host name, for example my-plugin.ngrok-free.app, or leave it empty for a random one.',
  };
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'string') return error;
  return String(error);
}

function ngrokCodeOf(error: unknown, message: string): string | null {
  const fromProperty = (error as { errorCode?: unknown } | null)?.errorCode;
  if (typeof fromProperty === 'string' && /^ERR_NGROK_\d+$/.test(fromProperty)) return fromProperty;
  return /ERR_NGROK_\d+/.exec(message)?.[0] ?? null;
}

/** ngrok echoes the authtoken in some messages ("Your authtoken: …"); never let it reach the UI or a log. */
function redact(message: string, secrets: string[]): string {
  let text = message.replace(/(authtoken:\s*)\S+/gi, '$1(hidden)');
  for (const secret of secrets) {
    if (secret.length >= 4) text = text.split(secret).join(`…${secret.slice(-4)}`);
  }
  return text;
}

function firstLine(text: string): string {
  const line = text
    .replace(/\s*error_code: ERR_NGROK_\d+\s*$/, '')
    .split(/\r?\n/)[0]
    .trim();
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}

import { lookup } from 'node:dns/promises';
import { request } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { isPublicAddress } from './special-use-address';

/** An address a name resolved to. */
export interface ResolvedAddress {
  address: string;
  family: number;
}

export interface OutboundPolicy {
  /** Which addresses may be connected to; by default none that is private, loopback or otherwise special-use. */
  addressAllowed?: (address: string) => boolean;
  /** Resolves a host name to every address it has (default: the system resolver, all addresses). */
  resolve?: (hostname: string) => Promise<ResolvedAddress[]>;
  /** Extra trusted CA certificates (tests serve documents on loopback with a test CA). */
  ca?: string;
}

export interface GuardedGetOptions extends OutboundPolicy {
  accept: string;
  maxBytes: number;
  timeoutMs: number;
}

export interface GuardedResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Why an outbound fetch was refused or failed: the exact reason, for the developer's traffic log only. */
export class OutboundFetchError extends Error {
  constructor(
    message: string,
    /** 'refused' when Handshake would not connect at all; 'failed' when the connection or the answer failed. */
    readonly stage: 'refused' | 'failed',
  ) {
    super(message);
  }
}

const systemResolve = async (hostname: string): Promise<ResolvedAddress[]> => lookup(hostname, { all: true, verbatim: true });

/**
 * The one way Handshake fetches a URL it was given by a client (metadata documents, JWKS): https only, no
 * credentials in the URL, no redirects followed, a size and a time limit, and only to addresses the policy allows.
 * The host is judged before any connection: an IP literal (WHATWG URL has already turned every IPv4 notation into a
 * dotted quad) by itself, a name by every address it resolves to, and the connection then goes to exactly the address
 * that was judged (no second resolution, so a rebinding DNS answer cannot switch it).
 */
export async function guardedGet(url: string, options: GuardedGetOptions): Promise<GuardedResponse> {
  const parsed = URL.parse(url);
  if (!parsed || parsed.protocol !== 'https:') throw new OutboundFetchError('only https URLs are fetched', 'refused');
  if (parsed.username || parsed.password) throw new OutboundFetchError('a URL with credentials is not fetched', 'refused');
  const target = await judgedAddress(parsed.hostname, options);
  const pinned: LookupFunction = (_hostname, lookupOptions, callback) => {
    if (lookupOptions.all) callback(null, [target]);
    else callback(null, target.address, target.family);
  };
  return send(parsed, pinned, options);
}

async function judgedAddress(hostname: string, policy: OutboundPolicy): Promise<ResolvedAddress> {
  const allowed = policy.addressAllowed ?? isPublicAddress;
  const literal = hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
  const family = isIP(literal);
  if (family !== 0) {
    if (!allowed(literal))
      throw new OutboundFetchError(`${literal} is a private or special-use address (refused: SSRF protection)`, 'refused');
    return { address: literal, family };
  }
  let addresses: ResolvedAddress[];
  try {
    addresses = await (policy.resolve ?? systemResolve)(hostname);
  } catch (error) {
    throw new OutboundFetchError(`${hostname} could not be resolved (${(error as NodeJS.ErrnoException).code ?? 'no answer'})`, 'refused');
  }
  if (addresses.length === 0) throw new OutboundFetchError(`${hostname} has no address`, 'refused');
  const refused = addresses.find((entry) => !allowed(entry.address));
  if (refused)
    throw new OutboundFetchError(
      `${hostname} resolves to ${refused.address}, a private or special-use address (refused: SSRF protection)`,
      'refused',
    );
  return addresses[0];
}

function send(url: URL, pinned: LookupFunction, options: GuardedGetOptions): Promise<GuardedResponse> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      outcome();
    };
    const fail = (message: string) =>
      finish(() => {
        req.destroy();
        reject(new OutboundFetchError(message, 'failed'));
      });
    const timer = setTimeout(() => fail(`no answer within ${options.timeoutMs} ms`), options.timeoutMs);
    const req = request(url, { method: 'GET', headers: { accept: options.accept }, lookup: pinned, ca: options.ca }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > options.maxBytes) return fail(`the answer is larger than ${options.maxBytes} bytes`);
        chunks.push(chunk);
      });
      res.on('end', () =>
        finish(() => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') })),
      );
      res.on('error', (error) => fail(error.message));
    });
    req.on('error', (error) => fail(error.message));
    req.end();
  });
}

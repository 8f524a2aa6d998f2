import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request } from 'node:https';
import type { LookupFunction } from 'node:net';
import { type ClientMetadata, clientMetadataSchema } from './client-metadata';
import { isPublicAddress } from './special-use-address';

/** CIMD draft §8: documents are small; a few KB is plenty and bounds what a hostile URL can make us read. */
export const cimdMaxBytes = 5 * 1024;
export const cimdTimeoutMs = 5000;
/** However long a document says it may be cached, it is fetched again after this. */
const maxCacheSeconds = 24 * 60 * 60;

/** `unreachable`: no document came back (network, timeout, guard, a status other than 200), as opposed to a bad one. */
export type CimdResult = { ok: true; metadata: ClientMetadata; fromCache: boolean } | { ok: false; problem: string; unreachable?: true };

export type JsonFetchResult = { ok: true; json: unknown } | { ok: false; problem: string };

export interface CimdFetcherOptions {
  /** Which resolved addresses may be connected to; by default none that is private, loopback or otherwise special-use. */
  addressAllowed?: (address: string) => boolean;
  /** Extra trusted CA certificates (tests serve documents on loopback with a test CA). */
  ca?: string;
  timeoutMs?: number;
}

/** Why a client_id URL cannot be a Client ID Metadata Document URL, before anything is fetched (CIMD draft §3). */
export function cimdUrlProblem(clientId: string): string | null {
  const url = URL.parse(clientId);
  if (!url || url.protocol !== 'https:') return 'a client_id URL must be https';
  if (url.username || url.password) return 'a client_id URL must not carry credentials';
  if (url.hash) return 'a client_id URL must not have a #fragment';
  if (url.pathname === '/' || url.pathname === '') return 'a client_id URL must have a path (e.g. /oauth/client.json)';
  // On the text as sent: URL parsing already removed the dot segments.
  if (/\/\.\.?(\/|$)/.test(clientId.split(/[?#]/)[0])) return 'a client_id URL must not contain . or .. path segments';
  return null;
}

/**
 * Fetches and validates Client ID Metadata Documents: 200 only, no redirects followed, at most 5 KB, a short timeout,
 * connections only to public addresses (checked on the address actually connected to, so DNS rebinding cannot slip
 * past), cached as the response's Cache-Control allows; failures are never cached.
 */
export class CimdFetcher {
  private readonly cache = new Map<string, { metadata: ClientMetadata; until: number }>();
  private readonly addressAllowed: (address: string) => boolean;

  constructor(private readonly options: CimdFetcherOptions = {}) {
    this.addressAllowed = options.addressAllowed ?? isPublicAddress;
  }

  async fetch(clientId: string): Promise<CimdResult> {
    const urlProblem = cimdUrlProblem(clientId);
    if (urlProblem) return { ok: false, problem: urlProblem };
    const cached = this.cache.get(clientId);
    if (cached && cached.until > Date.now()) return { ok: true, metadata: cached.metadata, fromCache: true };
    this.cache.delete(clientId);
    let response: { status: number; cacheControl: string; body: string };
    try {
      response = await this.get(clientId);
    } catch (error) {
      return { ok: false, problem: `the document could not be fetched: ${(error as Error).message}`, unreachable: true };
    }
    if (response.status >= 300 && response.status < 400)
      return { ok: false, problem: `it answered ${response.status}, a redirect; redirects are not followed`, unreachable: true };
    if (response.status !== 200)
      return { ok: false, problem: `it answered HTTP ${response.status}; a document must be served with 200`, unreachable: true };
    const validated = validateDocument(clientId, response.body);
    if (!validated.ok) return validated;
    const seconds = cacheSeconds(response.cacheControl);
    if (seconds > 0) this.cache.set(clientId, { metadata: validated.metadata, until: Date.now() + seconds * 1000 });
    return { ok: true, metadata: validated.metadata, fromCache: false };
  }

  /**
   * Another small JSON document a client names (its jwks_uri), through the same guard, size cap and timeout as the
   * metadata documents. Not cached here: the caller keeps what it needs.
   */
  async fetchJson(url: string): Promise<JsonFetchResult> {
    const parsed = URL.parse(url);
    if (!parsed || parsed.protocol !== 'https:' || parsed.username || parsed.password)
      return { ok: false, problem: `${url} is not an https URL` };
    let response: { status: number; body: string };
    try {
      response = await this.get(url);
    } catch (error) {
      return { ok: false, problem: `${url} could not be fetched: ${(error as Error).message}` };
    }
    if (response.status !== 200) return { ok: false, problem: `${url} answered HTTP ${response.status}` };
    try {
      return { ok: true, json: JSON.parse(response.body) };
    } catch {
      return { ok: false, problem: `${url} did not answer JSON` };
    }
  }

  private get(url: string): Promise<{ status: number; cacheControl: string; body: string }> {
    const guardedLookup: LookupFunction = (hostname, options, callback) => {
      dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
        if (error) return callback(error, '', 0);
        const list = addresses as LookupAddress[];
        const refused = list.find((entry) => !this.addressAllowed(entry.address));
        if (refused) {
          return callback(
            Object.assign(
              new Error(`${hostname} resolves to ${refused.address}, a private or special-use address (refused: SSRF protection)`),
              { code: 'ESSRF' },
            ),
            '',
            0,
          );
        }
        if (options.all) return callback(null, list);
        callback(null, list[0].address, list[0].family);
      });
    };
    return new Promise((resolve, reject) => {
      let settled = false;
      const fail = (error: Error) => {
        if (settled) return;
        settled = true;
        req.destroy();
        reject(error);
      };
      const req = request(
        url,
        {
          method: 'GET',
          headers: { accept: 'application/json' },
          lookup: guardedLookup,
          ca: this.options.ca,
          timeout: this.options.timeoutMs ?? cimdTimeoutMs,
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > cimdMaxBytes) return fail(new Error(`the document is larger than ${cimdMaxBytes} bytes`));
            chunks.push(chunk);
          });
          res.on('end', () => {
            if (settled) return;
            settled = true;
            resolve({
              status: res.statusCode ?? 0,
              cacheControl: String(res.headers['cache-control'] ?? ''),
              body: Buffer.concat(chunks).toString('utf8'),
            });
          });
          res.on('error', fail);
        },
      );
      req.on('timeout', () => fail(new Error(`no answer within ${this.options.timeoutMs ?? cimdTimeoutMs} ms`)));
      req.on('error', fail);
      req.end();
    });
  }
}

function validateDocument(clientId: string, body: string): { ok: true; metadata: ClientMetadata } | { ok: false; problem: string } {
  let document: unknown;
  try {
    document = JSON.parse(body);
  } catch {
    return { ok: false, problem: 'the document is not JSON' };
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document))
    return { ok: false, problem: 'the document is not a JSON object' };
  const claimed = (document as { client_id?: unknown }).client_id;
  if (claimed !== clientId)
    return { ok: false, problem: `its client_id is ${JSON.stringify(claimed)}, not the URL it was fetched from (${clientId})` };
  if ('client_secret' in document) return { ok: false, problem: 'it carries a client_secret; a metadata document is public and must not' };
  const parsed = clientMetadataSchema.safeParse(document);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, problem: `${issue?.path.join('.') || 'the document'}: ${issue?.message}` };
  }
  const method = parsed.data.token_endpoint_auth_method;
  if (method?.startsWith('client_secret'))
    return {
      ok: false,
      problem: `it asks for ${method}; a metadata document client cannot hold a shared secret (use none or private_key_jwt)`,
    };
  return { ok: true, metadata: parsed.data };
}

/** Seconds a document may be reused, from Cache-Control; nothing cached without an explicit max-age. */
function cacheSeconds(cacheControl: string): number {
  const directives = cacheControl.toLowerCase();
  if (/\b(no-store|no-cache)\b/.test(directives)) return 0;
  const maxAge = /\bmax-age=(\d+)/.exec(directives);
  return maxAge ? Math.min(Number(maxAge[1]), maxCacheSeconds) : 0;
}

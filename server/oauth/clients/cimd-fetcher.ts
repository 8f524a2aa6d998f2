import { ExpiringMap } from '../../collections/expiring-map';
import { type GuardedResponse, guardedGet, type OutboundPolicy } from '../../outbound/guarded-get';
import { type ClientMetadata, clientMetadataSchema } from './client-metadata';

/** CIMD draft §8: documents are small; a few KB is plenty and bounds what a hostile URL can make us read. */
export const cimdMaxBytes = 5 * 1024;
export const cimdTimeoutMs = 5000;
/** However long a document says it may be cached, it is fetched again after this. */
const maxCacheSeconds = 24 * 60 * 60;
/** Documents kept at once; the least recently used is dropped first. */
const maxCachedDocuments = 500;

/** `unreachable`: no document came back (network, timeout, guard, a status other than 200), as opposed to a bad one. */
export type CimdResult = { ok: true; metadata: ClientMetadata; fromCache: boolean } | { ok: false; problem: string; unreachable?: true };

export type JsonFetchResult = { ok: true; json: unknown } | { ok: false; problem: string };

export interface CimdFetcherOptions extends OutboundPolicy {
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
 * Fetches and validates Client ID Metadata Documents through the outbound guard (public addresses only, no
 * redirects, at most 5 KB, a short timeout), cached as the response's Cache-Control allows; failures are never
 * cached. A problem is the exact reason, for the developer's traffic log: pages shown to the requester say less.
 */
export class CimdFetcher {
  private readonly cache = new ExpiringMap<string, ClientMetadata>(maxCachedDocuments);

  constructor(private readonly options: CimdFetcherOptions = {}) {}

  async fetch(clientId: string): Promise<CimdResult> {
    const urlProblem = cimdUrlProblem(clientId);
    if (urlProblem) return { ok: false, problem: urlProblem };
    const cached = this.cache.get(clientId);
    if (cached) return { ok: true, metadata: cached, fromCache: true };
    let response: GuardedResponse;
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
    const seconds = cacheSeconds(String(response.headers['cache-control'] ?? ''));
    if (seconds > 0) this.cache.set(clientId, validated.metadata, seconds * 1000);
    return { ok: true, metadata: validated.metadata, fromCache: false };
  }

  /**
   * Another small JSON document a client names (its jwks_uri), through the same outbound guard, size cap and timeout
   * as the metadata documents. Not cached here: the caller keeps what it needs.
   */
  async fetchJson(url: string): Promise<JsonFetchResult> {
    let response: GuardedResponse;
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

  private get(url: string): Promise<GuardedResponse> {
    return guardedGet(url, {
      ...this.options,
      accept: 'application/json',
      maxBytes: cimdMaxBytes,
      timeoutMs: this.options.timeoutMs ?? cimdTimeoutMs,
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

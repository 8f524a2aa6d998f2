import type { JSONWebKeySet } from 'jose';
import type { JsonFetchResult } from './cimd-fetcher';

/** How long a fetched jwks_uri is reused before it is fetched again. */
const jwksReuseMs = 5 * 60 * 1000;
/** A signature that fails against cached keys fetches again (a rotated key) at most this often. */
const refetchAfterMs = 30 * 1000;
/** jwks_uri documents kept at most (any client may register one). */
const maxFetched = 1000;

/** Where a client's public keys are: inline in its metadata, or at its jwks_uri. */
export interface ClientKeySource {
  jwks?: JSONWebKeySet;
  jwksUri?: string;
}

export type KeysResult = { ok: true; keys: JSONWebKeySet; fresh: boolean } | { ok: false; problem: string };

/** Whether `value` looks like a JWK Set: an object with a "keys" array of objects. */
export function isJwkSet(value: unknown): value is JSONWebKeySet {
  const keys = (value as { keys?: unknown } | null)?.keys;
  return Array.isArray(keys) && keys.every((key) => typeof key === 'object' && key !== null && !Array.isArray(key));
}

/**
 * The keys that may sign a client's assertions: its inline `jwks`, or its `jwks_uri` fetched through the outbound
 * guard and kept for a few minutes; plus keys trusted for the length of one Handshake check run.
 */
export class AssertionKeys {
  private readonly fetched = new Map<string, { keys: JSONWebKeySet; at: number }>();
  private readonly runKeys = new Map<string, JSONWebKeySet['keys']>();

  constructor(private readonly fetchJson: (url: string) => Promise<JsonFetchResult>) {}

  /**
   * Trusts `key` for `clientId`'s assertions until the returned function is called: Handshake's own check plays a
   * host that signs with a key only the host holds (ChatGPT), so it signs with a key of its own for one run.
   */
  trustForRun(clientId: string, key: JSONWebKeySet['keys'][number]): () => void {
    const keys = [...(this.runKeys.get(clientId) ?? []), key];
    this.runKeys.set(clientId, keys);
    return () => {
      const left = (this.runKeys.get(clientId) ?? []).filter((candidate) => candidate !== key);
      if (left.length) this.runKeys.set(clientId, left);
      else this.runKeys.delete(clientId);
    };
  }

  /** `again`: the cached keys did not verify; fetch the jwks_uri again unless that was just done. */
  async keysFor(clientId: string, source: ClientKeySource, again = false): Promise<KeysResult> {
    const run = this.runKeys.get(clientId) ?? [];
    if (source.jwks) return { ok: true, keys: { keys: [...run, ...source.jwks.keys] }, fresh: true };
    if (!source.jwksUri) return run.length ? { ok: true, keys: { keys: run }, fresh: true } : { ok: false, problem: 'no keys' };
    const cached = this.fetched.get(source.jwksUri);
    const age = cached ? Date.now() - cached.at : Number.POSITIVE_INFINITY;
    if (cached && age < jwksReuseMs && !(again && age > refetchAfterMs))
      return { ok: true, keys: { keys: [...run, ...cached.keys.keys] }, fresh: false };
    const answer = await this.fetchJson(source.jwksUri);
    const problem = !answer.ok ? answer.problem : isJwkSet(answer.json) ? null : `${source.jwksUri} is not a JWK Set ({"keys": [...]})`;
    if (problem || !answer.ok) {
      // The run's key still works for the check even where the host's own keys cannot be fetched (offline).
      return run.length ? { ok: true, keys: { keys: run }, fresh: true } : { ok: false, problem: problem ?? 'unreachable' };
    }
    const keys = answer.json as JSONWebKeySet;
    this.fetched.delete(source.jwksUri);
    if (this.fetched.size >= maxFetched) this.fetched.delete(this.fetched.keys().next().value!);
    this.fetched.set(source.jwksUri, { keys, at: Date.now() });
    return { ok: true, keys: { keys: [...run, ...keys.keys] }, fresh: true };
  }
}

import { constantTimeEqual, fingerprint, matchesExpected, randomId, randomToken, sha256, tokenPrefixes } from '../../crypto/random-token';
import type { RegisteredClientRecord, RegisteredClientView, TokenEndpointAuthMethod } from '../../store/records';
import type { Store } from '../../store/store';
import type { ClientSecrets } from '../../traffic/secret-fingerprint';
import { isClassicRedirectAllowed } from '../redirect-uri-allowlist';
import { describeSecretDifference } from '../secret-difference';
import { CimdFetcher } from './cimd-fetcher';
import type { ClientMetadata } from './client-metadata';
import type { OAuthClient } from './oauth-client';
import { redirectUriMatches } from './redirect-uri-match';

/** Clients that strangers can create (by DCR, or by a metadata document URL) kept at most; the developer's own are not counted. */
export const maxStrangerClients = 1000;
const dayMs = 24 * 60 * 60 * 1000;

export type FoundClient = { client: OAuthClient } | { problem: string; cimd: boolean } | undefined;

/** What a secret check says about a presented secret, for client authentication and for the traffic log. */
export type SecretVerdict =
  | { matches: true; whose: string }
  | { matches: false; whose: string; unreadable?: string; difference?: string; expectedFingerprint?: string };

/**
 * Every OAuth client Handshake knows, whatever its origin: the classic plugin client (the ID and secret pasted into
 * ChatGPT), clients the developer added, clients registered by RFC 7591 DCR, and clients identified by a Client ID
 * Metadata Document URL. Endpoints find and authenticate clients only through here.
 */
export class ClientRegistry implements ClientSecrets {
  constructor(
    private readonly store: Store,
    readonly cimd: CimdFetcher = new CimdFetcher(),
    private readonly strangerCapacity = maxStrangerClients,
  ) {}

  /** Classic, then registered: what the token, revocation and introspection endpoints accept (no network). */
  findKnown(id: string): OAuthClient | undefined {
    if (this.isClassic(id)) return this.classic();
    const record = this.store.clients.get(id);
    return record ? fromRecord(record) : undefined;
  }

  /** Classic, then registered, then, for an https client_id, its metadata document (fetched, validated, cached). */
  async find(id: string): Promise<FoundClient> {
    if (this.isClassic(id)) return { client: this.classic() };
    const record = this.store.clients.get(id);
    if (record && record.kind !== 'cimd') return { client: fromRecord(record) };
    if (!/^https:\/\//i.test(id)) return undefined;
    const fetched = await this.cimd.fetch(id);
    if (!fetched.ok) return { problem: fetched.problem, cimd: true };
    const seen = this.rememberDocumentClient(id, fetched.metadata, record);
    if (seen !== record) {
      if (!record) this.makeRoomForStranger(seen.id);
      await this.store.save();
    }
    return { client: fromRecord(seen) };
  }

  /**
   * RFC 7591 registration (kind 'dcr'), or a client the developer adds (kind 'manual', which may name its own id and
   * secret, e.g. from the config file; the same id replaces the client). The secret is returned once.
   */
  async register(
    metadata: ClientMetadata,
    kind: 'dcr' | 'manual',
    chosen: { id?: string; secret?: string } = {},
  ): Promise<{ record: RegisteredClientRecord; secret: string | null }> {
    const method = (metadata.token_endpoint_auth_method ?? 'client_secret_basic') as TokenEndpointAuthMethod;
    const secret = method === 'none' ? null : (chosen.secret ?? randomToken(tokenPrefixes.secret, 24));
    const record: RegisteredClientRecord = {
      id: chosen.id ?? `${kind === 'dcr' ? 'dcr' : 'client'}_${randomId(12)}`,
      kind,
      name: metadata.client_name || (kind === 'dcr' ? 'Dynamically registered client' : 'Unnamed client'),
      redirectUris: metadata.redirect_uris,
      tokenEndpointAuthMethod: method,
      secretHash: secret === null ? null : sha256(secret),
      secretFingerprint: secret === null ? null : fingerprint(secret),
      grantTypes: metadata.grant_types ?? ['authorization_code'],
      scope: metadata.scope ?? '',
      applicationType: metadata.application_type ?? null,
      metadata: { ...metadata, token_endpoint_auth_method: method },
      createdAt: new Date().toISOString(),
      lastUsedAt: null,
    };
    this.store.clients.put(record);
    if (kind === 'dcr') this.makeRoomForStranger(record.id);
    await this.store.save();
    return { record, secret };
  }

  /** Forgets a client and revokes its grants at once. The classic client cannot be removed, only changed. */
  async remove(id: string): Promise<{ revokedGrants: number } | null> {
    if (!this.store.clients.get(id)) return null;
    const revokedGrants = this.store.grants.revokeForClient(id, 'client_deleted');
    this.store.clients.remove(id);
    await this.store.save();
    return { revokedGrants };
  }

  /**
   * Forgets registrations unused for longer than the Settings allow, then, while strangers' clients are over capacity,
   * the oldest never used (and only then the least recently used). Work is bounded by the capacity.
   */
  private makeRoomForStranger(keep: string): void {
    const strangers = this.store.clients.list().filter((record) => record.kind !== 'manual' && record.id !== keep);
    const expiryDays = this.store.settings.get().registrationExpiryDays;
    const now = Date.now();
    const forgotten = new Set<string>();
    if (expiryDays > 0)
      for (const record of strangers)
        if (now - Date.parse(record.lastUsedAt ?? record.createdAt) > expiryDays * dayMs) forgotten.add(record.id);
    const remaining = strangers.filter((record) => !forgotten.has(record.id));
    const excess = remaining.length + 1 - this.strangerCapacity;
    if (excess > 0) {
      const leastValuable = remaining.sort(
        (a, b) => Number(a.lastUsedAt !== null) - Number(b.lastUsedAt !== null) || lastActivity(a) - lastActivity(b),
      );
      for (const record of leastValuable.slice(0, excess)) forgotten.add(record.id);
    }
    for (const id of forgotten) {
      this.store.grants.revokeForClient(id, 'client_deleted');
      this.store.clients.remove(id);
    }
  }

  /** Removes every registration unused for longer than the Settings allow (at start, and as new ones arrive). */
  async expireUnused(): Promise<number> {
    const before = this.store.clients.list().length;
    this.makeRoomForStranger('');
    const removed = before - this.store.clients.list().length;
    if (removed > 0) await this.store.save();
    return removed;
  }

  list(): RegisteredClientView[] {
    const grantsByClient = new Map<string, number>();
    for (const grant of this.store.grants.active()) grantsByClient.set(grant.clientId, (grantsByClient.get(grant.clientId) ?? 0) + 1);
    const classic = this.store.client.view();
    const classicView: RegisteredClientView = {
      id: classic.id,
      kind: 'classic',
      name: 'Classic plugin / GPT Action client',
      redirectUris: this.classic().redirectUris,
      tokenEndpointAuthMethod: 'client_secret_post',
      documentHost: null,
      secretFingerprint: classic.secretFingerprint,
      createdAt: classic.createdAt,
      lastUsedAt: this.classicLastUsedAt,
      expiresAt: null,
      activeGrants: grantsByClient.get(classic.id) ?? 0,
    };
    const expiryDays = this.store.settings.get().registrationExpiryDays;
    return [classicView, ...this.store.clients.list().map((record) => recordView(record, grantsByClient.get(record.id) ?? 0, expiryDays))];
  }

  view(id: string): RegisteredClientView | undefined {
    return this.list().find((client) => client.id === id);
  }

  /** Marks a client as used now (in memory; written with the next snapshot: a token request must not rewrite the store). */
  touch(client: OAuthClient): void {
    const now = new Date().toISOString();
    if (client.kind === 'classic') this.classicLastUsedAt = now;
    else {
      const record = this.store.clients.get(client.id);
      if (record) record.lastUsedAt = now;
    }
  }

  /** Whether `readings` (a secret as sent, plus its other plausible decodings) is the secret of `client`. */
  checkSecret(client: OAuthClient, readings: string[]): SecretVerdict {
    return this.secretVerdict(client.kind === 'classic' ? undefined : this.store.clients.get(client.id), readings);
  }

  /** The traffic log's verdict on a secret presented for `clientId` (see ClientSecrets). */
  verdict(clientId: string | undefined, readings: string[]): string {
    const verdict = this.secretVerdict(clientId === undefined ? undefined : this.store.clients.get(clientId), readings);
    return `${verdict.matches ? 'matches' : 'does not match'} ${verdict.whose}`;
  }

  /** Against a registered client's hashed secret, or (without a record) the classic client's. */
  private secretVerdict(record: RegisteredClientRecord | undefined, readings: string[]): SecretVerdict {
    if (record) {
      const whose = `the secret of client "${record.name}"`;
      if (!record.secretHash) return { matches: false, whose: `${whose} (a public client, which has none)` };
      return readings.some((reading) => constantTimeEqual(sha256(reading), record.secretHash!))
        ? { matches: true, whose }
        : { matches: false, whose };
    }
    const whose = 'the configured client secret';
    const { client } = this.store;
    if (client.unreadable) return { matches: false, whose, unreadable: client.unreadable };
    if (readings.some((reading) => client.secret !== '' && matchesExpected(reading, client.secret))) return { matches: true, whose };
    const presented = readings[0] ?? '';
    const previous = client.previousSecretHash;
    const wasPrevious = previous !== null && readings.some((reading) => constantTimeEqual(sha256(reading), previous));
    return {
      matches: false,
      whose,
      difference: describeDifference(presented, client.secret, wasPrevious),
      expectedFingerprint: fingerprint(client.secret),
    };
  }

  /** The classic client's secret, which the traffic log masks wherever it appears. */
  get classicSecret(): string {
    return this.store.client.secret;
  }

  isClassic(id: string): boolean {
    return matchesExpected(id, this.store.client.id);
  }

  private classicLastUsedAt: string | null = null;

  private classic(): OAuthClient {
    const settings = this.store.settings.get();
    return {
      id: this.store.client.id,
      kind: 'classic',
      name: settings.manifest.name_for_human,
      redirectUris: settings.redirectUris,
      allowsRedirect: (uri) => isClassicRedirectAllowed(uri, settings),
      authMethod: 'client_secret_basic_or_post',
      requiresPkce: false,
      developerOwned: true,
      documentHost: null,
    };
  }

  private rememberDocumentClient(id: string, metadata: ClientMetadata, known: RegisteredClientRecord | undefined): RegisteredClientRecord {
    const name = metadata.client_name || new URL(id).host;
    const same = known && known.name === name && JSON.stringify(known.redirectUris) === JSON.stringify(metadata.redirect_uris);
    if (same) return known;
    const record: RegisteredClientRecord = {
      id,
      kind: 'cimd',
      name,
      redirectUris: metadata.redirect_uris,
      tokenEndpointAuthMethod: 'none',
      secretHash: null,
      secretFingerprint: null,
      grantTypes: metadata.grant_types ?? ['authorization_code'],
      scope: metadata.scope ?? '',
      applicationType: metadata.application_type ?? null,
      metadata,
      createdAt: known?.createdAt ?? new Date().toISOString(),
      lastUsedAt: known?.lastUsedAt ?? null,
    };
    this.store.clients.put(record);
    return record;
  }
}

function describeDifference(presented: string, configured: string, wasPrevious: boolean): string {
  if (configured === '') return 'no client secret is configured';
  return describeSecretDifference(presented, configured, wasPrevious);
}

function fromRecord(record: RegisteredClientRecord): OAuthClient {
  return {
    id: record.id,
    kind: record.kind,
    name: record.name,
    redirectUris: record.redirectUris,
    allowsRedirect: (uri) => record.redirectUris.some((registered) => redirectUriMatches(registered, uri)),
    // A metadata-document client has no shared secret: whatever its document prefers, it authenticates as public.
    authMethod: record.kind === 'cimd' ? 'none' : record.tokenEndpointAuthMethod,
    requiresPkce: true,
    developerOwned: record.kind === 'manual',
    documentHost: record.kind === 'cimd' ? new URL(record.id).host : null,
  };
}

const lastActivity = (record: RegisteredClientRecord) => Date.parse(record.lastUsedAt ?? record.createdAt);

function recordView(record: RegisteredClientRecord, activeGrants: number, expiryDays: number): RegisteredClientView {
  return {
    id: record.id,
    kind: record.kind,
    name: record.name,
    redirectUris: record.redirectUris,
    tokenEndpointAuthMethod: record.kind === 'cimd' ? 'none' : record.tokenEndpointAuthMethod,
    documentHost: record.kind === 'cimd' ? new URL(record.id).host : null,
    secretFingerprint: record.secretFingerprint,
    createdAt: record.createdAt,
    lastUsedAt: record.lastUsedAt,
    expiresAt: record.kind === 'manual' || expiryDays === 0 ? null : new Date(lastActivity(record) + expiryDays * dayMs).toISOString(),
    activeGrants,
  };
}

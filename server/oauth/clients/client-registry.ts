import { constantTimeEqual, fingerprint, matchesExpected, randomId, randomToken, sha256, tokenPrefixes } from '../../crypto/random-token';
import type { McpHostId } from '../../hosts/host-profile';
import { pinnedDocument } from '../../hosts/host-profiles';
import { recogniseHost } from '../../hosts/recognise-host';
import type { RegisteredClientRecord, RegisteredClientView, TokenEndpointAuthMethod } from '../../store/records';
import type { Store } from '../../store/store';
import type { ClientSecrets } from '../../traffic/secret-fingerprint';
import { isClassicRedirectAllowed } from '../redirect-uri-allowlist';
import { describeSecretDifference } from '../secret-difference';
import { AssertionKeys, type ClientKeySource, isJwkSet } from './assertion-keys';
import { AssertionReplay } from './assertion-replay';
import { CimdFetcher } from './cimd-fetcher';
import { type AssertionCheck, type AssertionFailure, verifyClientAssertion } from './client-assertion';
import type { ClientMetadata } from './client-metadata';
import type { OAuthClient } from './oauth-client';
import { redirectUriMatches } from './redirect-uri-match';

/** Clients that strangers can create (by DCR, or by a metadata document URL) kept at most; the developer's own are not counted. */
export const maxStrangerClients = 1000;
const dayMs = 24 * 60 * 60 * 1000;

/** `pinned`: a known host's document could not be fetched and Handshake's shipped copy stood in (why, and its date). */
export type FoundClient =
  | { client: OAuthClient; pinned?: { problem: string; copiedOn: string; hostName: string } }
  | { problem: string; cimd: boolean }
  | undefined;

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
  /** The keys clients sign their assertions with (private_key_jwt), fetched through the CIMD fetcher's guard. */
  readonly assertionKeys: AssertionKeys;
  private readonly assertionReplay = new AssertionReplay();

  constructor(
    private readonly store: Store,
    readonly cimd: CimdFetcher = new CimdFetcher(),
    private readonly strangerCapacity = maxStrangerClients,
  ) {
    this.assertionKeys = new AssertionKeys((url) => this.cimd.fetchJson(url));
  }

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
    // A known host's document that cannot be reached (no network, a firewall, a bot challenge): the shipped copy.
    const copy = !fetched.ok && fetched.unreachable ? pinnedDocument(id) : null;
    if (!fetched.ok && !copy) return { problem: fetched.problem, cimd: true };
    const metadata = fetched.ok ? fetched.metadata : (copy!.document as ClientMetadata);
    const seen = this.rememberDocumentClient(id, metadata, record);
    if (seen !== record) {
      if (!record) this.makeRoomForStranger(seen.id);
      await this.store.save();
    }
    if (!fetched.ok)
      return { client: fromRecord(seen), pinned: { problem: fetched.problem, copiedOn: copy!.copiedOn, hostName: copy!.host.name } };
    return { client: fromRecord(seen) };
  }

  /**
   * private_key_jwt (RFC 7523): whether the assertion proves `client`; null when it does, else the check it failed.
   * `audiences`: the token endpoint URL (as advertised and as called) and the issuer.
   */
  authenticateAssertion(client: OAuthClient, parameters: Record<string, string>, audiences: string[]): Promise<AssertionFailure | null> {
    const check: AssertionCheck = {
      assertionType: parameters.client_assertion_type,
      assertion: parameters.client_assertion ?? '',
      clientId: client.id,
      clientName: client.name,
      keySource: client.keySource,
      signingAlg: client.signingAlg,
      audiences,
    };
    return verifyClientAssertion(check, this.assertionKeys, this.assertionReplay);
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
    const secret = method === 'none' || method === 'private_key_jwt' ? null : (chosen.secret ?? randomToken(tokenPrefixes.secret, 24));
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
   * Which MCP host a registered client is, from its document URL, redirect URIs and name; undefined for the classic
   * client. Asked for every traffic entry that names a client, so remembered per record (a changed client is a new one).
   */
  hostOf(id: string): McpHostId | undefined {
    const record = this.store.clients.get(id);
    if (!record) return recogniseHost({ clientId: id });
    const known = this.recognised.get(record);
    if (known) return known.host;
    const host = recogniseHost({ clientId: record.id, redirectUris: record.redirectUris, clientName: record.name });
    this.recognised.set(record, { host });
    return host;
  }

  private readonly recognised = new WeakMap<RegisteredClientRecord, { host: McpHostId | undefined }>();

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
      keySource: null,
    };
  }

  private rememberDocumentClient(id: string, metadata: ClientMetadata, known: RegisteredClientRecord | undefined): RegisteredClientRecord {
    const name = metadata.client_name || new URL(id).host;
    const same = known && known.name === name && JSON.stringify(known.metadata) === JSON.stringify(metadata);
    if (same) return known;
    const record: RegisteredClientRecord = {
      id,
      kind: 'cimd',
      name,
      redirectUris: metadata.redirect_uris,
      tokenEndpointAuthMethod: documentAuthMethods(metadata)[0],
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

/**
 * The methods a metadata-document client may authenticate with: what its document declares (the plural list of the
 * SEP-3149 transition, and the singular field) that Handshake offers for a client without a shared secret.
 */
function documentAuthMethods(metadata: ClientMetadata): ('none' | 'private_key_jwt')[] {
  const plural = (metadata as { token_endpoint_auth_methods_supported?: unknown }).token_endpoint_auth_methods_supported;
  const declared = new Set([...(Array.isArray(plural) ? plural : []), metadata.token_endpoint_auth_method ?? 'none']);
  const methods = (['none', 'private_key_jwt'] as const).filter((method) => declared.has(method));
  return methods.length ? methods : ['none'];
}

/** Its jwks or jwks_uri, when its metadata names one. */
function keySourceOf(metadata: Record<string, unknown>): ClientKeySource | null {
  if (isJwkSet(metadata.jwks)) return { jwks: metadata.jwks };
  if (typeof metadata.jwks_uri === 'string') return { jwksUri: metadata.jwks_uri };
  return null;
}

function fromRecord(record: RegisteredClientRecord): OAuthClient {
  const metadata = record.metadata as Record<string, unknown>;
  const methods = record.kind === 'cimd' ? documentAuthMethods(record.metadata as ClientMetadata) : [record.tokenEndpointAuthMethod];
  const signingAlg = metadata.token_endpoint_auth_signing_alg;
  return {
    id: record.id,
    kind: record.kind,
    name: record.name,
    redirectUris: record.redirectUris,
    allowsRedirect: (uri) => record.redirectUris.some((registered) => redirectUriMatches(registered, uri)),
    // A metadata-document client has no shared secret: public, and with keys private_key_jwt too, as its document allows.
    authMethod: methods[0],
    requiresPkce: true,
    developerOwned: record.kind === 'manual',
    documentHost: record.kind === 'cimd' ? new URL(record.id).host : null,
    keySource: methods.includes('private_key_jwt') ? keySourceOf(metadata) : null,
    ...(typeof signingAlg === 'string' ? { signingAlg } : {}),
  };
}

const lastActivity = (record: RegisteredClientRecord) => Date.parse(record.lastUsedAt ?? record.createdAt);

function recordView(record: RegisteredClientRecord, activeGrants: number, expiryDays: number): RegisteredClientView {
  return {
    id: record.id,
    kind: record.kind,
    name: record.name,
    redirectUris: record.redirectUris,
    tokenEndpointAuthMethod: record.tokenEndpointAuthMethod,
    documentHost: record.kind === 'cimd' ? new URL(record.id).host : null,
    secretFingerprint: record.secretFingerprint,
    createdAt: record.createdAt,
    lastUsedAt: record.lastUsedAt,
    expiresAt: record.kind === 'manual' || expiryDays === 0 ? null : new Date(lastActivity(record) + expiryDays * dayMs).toISOString(),
    activeGrants,
  };
}

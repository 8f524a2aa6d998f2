import type { CheckInput, CheckRun, ControlApi, ControlEvent, Preview, Status, TunnelStatus } from '../../server/control/control-api';
import { ControlError } from '../../server/control/control-error';
import { FaultQueue } from '../../server/faults/fault-queue';
import { hostViews } from '../../server/hosts/host-view';
import { tokenShapeViews } from '../../server/oauth/tokens/providers/token-shape-views';
import { defaultSettings, mergeSettings, type Settings, settingsPatchSchema } from '../../server/settings/settings';
import type { ClientView, GrantView, RegisteredClientView, UserView } from '../../server/store/records';
import type { Har } from '../../server/traffic/har';
import { canRevealClientSecret, revealClientSecret } from '../../server/traffic/secret-reveal';
import type { NoteLevel, TrafficEntry, TrafficSummary } from '../../server/traffic/traffic-entry';
import { summarize } from '../../server/traffic/traffic-summary';
import { FakeSigningKeys } from '../fixtures/fake-signing-keys';

/**
 * An in-memory ControlApi for component tests and the UI benchmark: real state, real events, refusals shaped like
 * the control service's (ControlError with a field). `calls` records every call for assertions.
 */
export class FakeControlApi implements ControlApi {
  readonly calls: { method: string; input: unknown }[] = [];
  status: Status = {
    version: '0.1.0',
    mode: 'headless',
    startedAt: '2026-01-01T10:00:00.000Z',
    dataDir: '/home/dev/.config/handshake',
    localUrl: 'http://127.0.0.1:3030',
    listener: { state: 'listening', port: 3030, error: null },
    publicUrl: null,
    domain: '127.0.0.1:3030',
    manifestUrl: 'http://127.0.0.1:3030/.well-known/ai-plugin.json',
    controlUrl: 'http://127.0.0.1:4040',
    controlToken: 'control-token-for-tests-0123456789abcdef',
    tunnel: { state: 'off', url: null, error: null, provider: 'ngrok', hasAuthtoken: false, authtokenSource: null, freePlanDomain: false },
    secretStorage: 'plain',
    warnings: [],
  };
  settings: Settings = structuredClone(defaultSettings);
  client: ClientView = {
    id: 'handshake-client',
    secret: 'hss_0123456789abcdefWXYZ',
    secretFingerprint: '•••• WXYZ',
    createdAt: '2026-01-01T10:00:00.000Z',
    rotatedAt: null,
  };
  users: UserView[] = [];
  clients: RegisteredClientView[] = [];
  grants: GrantView[] = [];
  readonly faults = new FaultQueue();
  traffic: TrafficEntry[] = [];
  /** When set, the next call to this method throws it. */
  failNext: Partial<Record<keyof ControlApi, Error>> = {};
  private listeners = new Set<(event: ControlEvent) => void>();
  private seq = 0;

  private record(method: keyof ControlApi, input: unknown) {
    this.calls.push({ method, input });
    const failure = this.failNext[method];
    if (failure) {
      delete this.failNext[method];
      throw failure;
    }
  }

  emit(event: ControlEvent): void {
    for (const listener of [...this.listeners]) listener(event);
  }

  subscribe(listener: (event: ControlEvent) => void): () => void {
    this.calls.push({ method: 'subscribe', input: undefined });
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get subscriberCount(): number {
    return this.listeners.size;
  }

  /** A request arrives at the public listener: stored and pushed like the core does. */
  receive(entry: TrafficEntry): void {
    this.traffic.push(entry);
    this.emit({ type: 'traffic', entry, summary: summarize(entry) });
  }

  async getStatus() {
    this.record('getStatus', undefined);
    return structuredClone(this.status);
  }
  async getSettings() {
    this.record('getSettings', undefined);
    return structuredClone(this.settings);
  }
  async updateSettings(patch: Parameters<ControlApi['updateSettings']>[0]) {
    this.record('updateSettings', patch);
    const parsed = settingsPatchSchema.safeParse(patch);
    if (!parsed.success) throw ControlError.fromZod(parsed.error);
    try {
      this.settings = mergeSettings(this.settings, parsed.data);
    } catch (error) {
      throw ControlError.fromZod(error as never);
    }
    // The tunnel reports the chosen provider while it is off, as the core's does.
    if (this.status.tunnel.state === 'off') this.status.tunnel.provider = this.settings.tunnelProvider;
    this.emit({ type: 'changed', resource: 'settings' });
    return structuredClone(this.settings);
  }
  async getPreview(): Promise<Preview> {
    this.record('getPreview', undefined);
    const base = this.status.publicUrl ?? this.status.localUrl;
    const lint = this.settings.verificationToken
      ? []
      : [{ field: 'auth.verification_tokens.openai', message: 'empty: paste the token ChatGPT shows' }];
    return {
      baseUrl: base,
      manifest: {
        schema_version: 'v1',
        ...this.settings.manifest,
        auth: {
          type: 'oauth',
          client_url: `${base}/oauth/authorize`,
          authorization_url: `${base}/oauth/token`,
          scope: this.settings.scope,
          authorization_content_type: this.settings.authorizationContentType,
          verification_tokens: { openai: this.settings.verificationToken },
        },
        api: { type: 'openapi', url: `${base}/openapi.yaml` },
      },
      openapi: `openapi: 3.0.1\ninfo:\n  title: ${this.settings.manifest.name_for_human}\n  version: '1'\nservers:\n  - url: ${base}\npaths: {}\n`,
      lint,
      openIdConfiguration: {
        issuer: base,
        jwks_uri: `${base}/oauth/jwks.json`,
        userinfo_endpoint: `${base}/oauth/userinfo`,
        introspection_endpoint: `${base}/oauth/introspect`,
        scopes_supported: ['todos', 'openid', 'email', 'profile'],
        claims_supported: ['sub', 'email', 'email_verified', 'name'],
        id_token_signing_alg_values_supported: ['RS256'],
      },
    };
  }
  async setPublicPort({ port }: { port: number }) {
    this.record('setPublicPort', { port });
    this.status = { ...this.status, listener: { state: 'listening', port, error: null }, localUrl: `http://127.0.0.1:${port}` };
    this.emit({ type: 'status', status: structuredClone(this.status) });
    return structuredClone(this.status);
  }
  async getClient() {
    this.record('getClient', undefined);
    return { ...this.client };
  }
  async setClient(input: { id: string; secret: string }) {
    this.record('setClient', input);
    this.client = { ...this.client, ...input, secretFingerprint: `••••${input.secret.slice(-4)}` };
    this.emit({ type: 'changed', resource: 'client' });
    return { ...this.client };
  }
  async rotateClientSecret() {
    this.record('rotateClientSecret', undefined);
    const secret = `hss_rotated${++this.seq}abcdefghijklmnop`;
    this.client = { ...this.client, secret, secretFingerprint: `••••${secret.slice(-4)}`, rotatedAt: new Date().toISOString() };
    this.emit({ type: 'changed', resource: 'client' });
    return { ...this.client };
  }
  async listClients() {
    this.record('listClients', undefined);
    const classic: RegisteredClientView = {
      id: this.client.id,
      kind: 'classic',
      name: 'Classic plugin / GPT Action client',
      redirectUris: this.settings.redirectUris,
      tokenEndpointAuthMethod: 'client_secret_post',
      documentHost: null,
      secretFingerprint: this.client.secretFingerprint,
      createdAt: this.client.createdAt,
      lastUsedAt: null,
      expiresAt: null,
      activeGrants: this.grants.filter((g) => g.clientId === this.client.id).length,
    };
    return [classic, ...this.clients.map((c) => ({ ...c }))];
  }
  async createClient(input: Parameters<ControlApi['createClient']>[0]) {
    this.record('createClient', input);
    if (!input.name?.trim()) throw new ControlError('invalid_input', 'name: required', 'name');
    const bad = input.redirectUris.find((uri) => !/^https:\/\/|^http:\/\/(127\.0\.0\.1|localhost|\[::1\])[:/]/.test(uri));
    if (bad !== undefined)
      throw new ControlError('invalid_input', `redirectUris.0: ${bad}: http is allowed only for loopback; use https`, 'redirectUris');
    const method = input.tokenEndpointAuthMethod ?? 'client_secret_basic';
    const secret = method === 'none' ? null : `hss_new${++this.seq}abcdefghijklmnopqrstuv`;
    const created: RegisteredClientView = {
      id: input.id ?? `client_${++this.seq}`,
      kind: 'manual',
      name: input.name,
      redirectUris: input.redirectUris,
      tokenEndpointAuthMethod: method,
      documentHost: null,
      secretFingerprint: secret ? `•••• ${secret.slice(-4)}` : null,
      createdAt: new Date().toISOString(),
      lastUsedAt: null,
      expiresAt: null,
      activeGrants: 0,
    };
    this.clients.push(created);
    this.emit({ type: 'changed', resource: 'clients' });
    return { ...created, secret };
  }
  async deleteClient({ id }: { id: string }) {
    this.record('deleteClient', { id });
    if (!this.clients.some((c) => c.id === id)) throw new ControlError('not_found', `no client with id ${id}`, 'id');
    this.clients = this.clients.filter((c) => c.id !== id);
    const revoked = this.grants.filter((g) => g.clientId === id).length;
    this.grants = this.grants.filter((g) => g.clientId !== id);
    this.emit({ type: 'changed', resource: 'clients' });
    return { deleted: true as const, revokedGrants: revoked };
  }
  async listUsers() {
    this.record('listUsers', undefined);
    return this.users.map((u) => ({ ...u, activeGrants: this.grants.filter((g) => g.userId === u.id).length }));
  }
  async createUser(input: { email: string; password: string; name?: string; emailVerified?: boolean }) {
    this.record('createUser', input);
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(input.email)) throw new ControlError('invalid_input', 'email: Invalid email address', 'email');
    if (input.password.length < 8) throw new ControlError('invalid_input', 'password: at least 8 characters', 'password');
    if (this.users.some((u) => u.email === input.email))
      throw new ControlError('conflict', `a user with email ${input.email} already exists`, 'email');
    const now = new Date().toISOString();
    const user: UserView = {
      id: `user-${++this.seq}`,
      email: input.email,
      name: input.name ?? '',
      emailVerified: input.emailVerified ?? true,
      createdAt: now,
      updatedAt: now,
      activeGrants: 0,
    };
    this.users.push(user);
    this.emit({ type: 'changed', resource: 'users' });
    return { ...user };
  }
  async updateUser(input: { id: string; email?: string; password?: string; name?: string; emailVerified?: boolean }) {
    this.record('updateUser', input);
    const user = this.users.find((u) => u.id === input.id);
    if (!user) throw new ControlError('not_found', `no user with id ${input.id}`, 'id');
    if (input.password !== undefined && input.password.length < 8)
      throw new ControlError('invalid_input', 'password: at least 8 characters', 'password');
    if (input.email && this.users.some((u) => u.id !== input.id && u.email === input.email)) {
      throw new ControlError('conflict', `a user with email ${input.email} already exists`, 'email');
    }
    Object.assign(user, {
      ...(input.email ? { email: input.email } : {}),
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.emailVerified !== undefined ? { emailVerified: input.emailVerified } : {}),
      updatedAt: new Date().toISOString(),
    });
    this.emit({ type: 'changed', resource: 'users' });
    return { ...user };
  }
  async deleteUser({ id }: { id: string }) {
    this.record('deleteUser', { id });
    const before = this.users.length;
    this.users = this.users.filter((u) => u.id !== id);
    if (this.users.length === before) throw new ControlError('not_found', `no user with id ${id}`, 'id');
    const revoked = this.grants.filter((g) => g.userId === id).length;
    this.grants = this.grants.filter((g) => g.userId !== id);
    this.emit({ type: 'changed', resource: 'users' });
    this.emit({ type: 'changed', resource: 'grants' });
    return { deleted: true as const, revokedGrants: revoked };
  }
  async listGrants() {
    this.record('listGrants', undefined);
    return this.grants.map((g) => ({ ...g }));
  }
  async revokeGrant({ id }: { id: string }) {
    this.record('revokeGrant', { id });
    if (!this.grants.some((g) => g.id === id)) throw new ControlError('not_found', `no grant with id ${id}`, 'id');
    this.grants = this.grants.filter((g) => g.id !== id);
    this.emit({ type: 'changed', resource: 'grants' });
    return { revoked: true as const };
  }
  async exportHar(): Promise<Har> {
    this.record('exportHar', undefined);
    return { log: { version: '1.2', creator: { name: 'Handshake', version: '0.1.0' }, entries: [] } };
  }
  async listTraffic(query: Parameters<ControlApi['listTraffic']>[0]) {
    this.record('listTraffic', query);
    return this.traffic.map(toSummary);
  }
  async getTrafficEntry({ id, reveal }: { id: string; reveal?: boolean | 'true' | 'false' }) {
    this.record('getTrafficEntry', reveal === undefined ? { id } : { id, reveal });
    const entry = this.traffic.find((e) => e.id === id);
    if (!entry) throw new ControlError('not_found', `no traffic entry ${id} (it may have been cleared)`, 'id');
    // What the control service does, with the core's own functions.
    if (!canRevealClientSecret(entry, this.client.secret)) return structuredClone(entry);
    return { ...(reveal === true ? revealClientSecret(entry, this.client.secret) : structuredClone(entry)), revealable: true as const };
  }
  async clearTraffic() {
    this.record('clearTraffic', undefined);
    const cleared = this.traffic.length;
    this.traffic = [];
    this.emit({ type: 'traffic-cleared' });
    return { cleared };
  }
  // ---------- traffic replay (issue 16) ----------
  /** A replay answered by the fake: a copy of the entry (edits applied) as a new entry, pushed like the core's. */
  async replayTraffic(input: Parameters<ControlApi['replayTraffic']>[0]) {
    this.record('replayTraffic', input);
    const original = this.traffic.find((e) => e.id === input.id);
    if (!original) throw new ControlError('not_found', `no traffic entry ${input.id}`, 'id');
    const edits = input.request ?? {};
    const copy: TrafficEntry = structuredClone(original);
    copy.id = `${original.id}-replay-${++this.seq}`;
    copy.time = new Date(Date.parse(original.time) + 1000 * this.seq).toISOString();
    if (edits.method) copy.method = edits.method.toUpperCase();
    if (edits.path) copy.path = edits.path.split('?')[0];
    copy.arrival = { via: 'loopback', agent: null, replayOf: original.id };
    this.receive(copy);
    return { id: copy.id, status: copy.status };
  }
  async getTunnel() {
    this.record('getTunnel', undefined);
    return { ...this.status.tunnel };
  }
  private setTunnel(tunnel: TunnelStatus) {
    const publicUrl = tunnel.url ?? (this.settings.publicUrl || null);
    this.status = { ...this.status, tunnel, publicUrl, domain: publicUrl ? new URL(publicUrl).host : new URL(this.status.localUrl).host };
    this.emit({ type: 'status', status: structuredClone(this.status) });
    return { ...tunnel };
  }
  async startTunnel(input: Parameters<ControlApi['startTunnel']>[0]) {
    this.record('startTunnel', input);
    if (this.status.tunnel.provider === 'cloudflare') {
      return this.setTunnel({
        ...this.status.tunnel,
        state: 'online',
        url: 'https://fuzzy-lamp-example-words.trycloudflare.com',
        error: null,
      });
    }
    if (!this.status.tunnel.hasAuthtoken && !input.authtoken) {
      return this.setTunnel({
        ...this.status.tunnel,
        state: 'error',
        error: { code: 'ERR_NGROK_4018', message: 'ngrok needs an authtoken', advice: 'Paste your authtoken from dashboard.ngrok.com.' },
      });
    }
    return this.setTunnel({
      ...this.status.tunnel,
      state: 'online',
      url: 'https://calm-otter-42.ngrok-free.app',
      error: null,
      freePlanDomain: true,
    });
  }
  async stopTunnel() {
    this.record('stopTunnel', undefined);
    return this.setTunnel({ ...this.status.tunnel, state: 'off', url: null, error: null, freePlanDomain: false });
  }
  async setNgrokAuthtoken({ authtoken }: { authtoken: string }) {
    this.record('setNgrokAuthtoken', { authtoken });
    const cleared = this.status.tunnel.state === 'error' ? { state: 'off' as const, error: null } : {};
    return this.setTunnel({
      ...this.status.tunnel,
      ...cleared,
      hasAuthtoken: authtoken !== '',
      authtokenSource: authtoken ? 'saved' : null,
    });
  }
  async listFaults() {
    this.record('listFaults', undefined);
    return this.faults.list();
  }
  async injectFault(input: Parameters<ControlApi['injectFault']>[0]) {
    this.record('injectFault', input);
    if (input.kind === 'clock-skew') this.faults.auth.setClockSkew(input.seconds);
    if (input.kind === 'jwks-unavailable' || input.kind === 'jwks-slow')
      this.faults.auth.startJwksOutage(
        input.kind === 'jwks-slow' ? 'slow' : 'unavailable',
        input.seconds,
        input.kind === 'jwks-slow' ? input.delayMs : null,
      );
    const list = input.kind === 'fail' || input.kind === 'delay' ? this.faults.add(input) : this.faults.list();
    this.emit({ type: 'changed', resource: 'faults' });
    return list;
  }
  readonly signingKeys = new FakeSigningKeys();
  async listTokenShapes() {
    this.record('listTokenShapes', undefined);
    return tokenShapeViews('http://127.0.0.1:3030', 'http://127.0.0.1:3030/mcp', 'client-1');
  }
  async listSigningKeys() {
    this.record('listSigningKeys', undefined);
    return this.signingKeys.keys;
  }
  async rotateSigningKey(input: { retireNow?: boolean }) {
    this.record('rotateSigningKey', input);
    return this.signingKeys.rotate(input.retireNow);
  }
  async clearFaults() {
    this.record('clearFaults', undefined);
    this.emit({ type: 'changed', resource: 'faults' });
    return this.faults.clear();
  }
  /** The states a check run goes through, pushed one by one as events; the last is the answer. */
  checkScript: CheckRun[] = [];
  /** When set, runCheck waits for it after the first event (so a test sees a run in progress). */
  checkGate: Promise<void> | null = null;
  async runCheck(input: CheckInput) {
    this.record('runCheck', input);
    const [first, ...rest] = this.checkScript;
    if (!first) throw new ControlError('failed', 'no check scripted');
    this.emit({ type: 'check', run: first });
    if (this.checkGate) await this.checkGate;
    for (const run of rest) this.emit({ type: 'check', run });
    return this.checkScript[this.checkScript.length - 1];
  }
  async listHosts() {
    this.record('listHosts', undefined);
    return hostViews();
  }
}

/** What the core's listTraffic returns for an entry. */
export const toSummary = summarize;

let entrySeq = 0;

/** A plausible traffic entry; override what the test cares about. */
export function makeEntry(overrides: Partial<TrafficEntry> = {}): TrafficEntry {
  entrySeq++;
  return {
    id: `t-${String(entrySeq).padStart(6, '0')}`,
    time: new Date(Date.UTC(2026, 0, 1, 10, 0, 0) + entrySeq * 1000).toISOString(),
    kind: 'manifest',
    method: 'GET',
    path: '/.well-known/ai-plugin.json',
    query: {},
    status: 200,
    durationMs: 3,
    request: {
      headers: {
        host: 'calm-otter-42.ngrok-free.app',
        'user-agent': 'Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko); compatible; ChatGPT-User/1.0',
      },
      body: null,
    },
    response: {
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: {
        contentType: 'application/json',
        text: '{"schema_version":"v1"}',
        parsed: { schema_version: 'v1' },
        size: 23,
        truncated: false,
      },
    },
    clientId: null,
    userId: null,
    userEmail: null,
    flowId: null,
    notes: [],
    arrival: { via: 'tunnel', agent: null },
    ...overrides,
  };
}

/** A whole install, with the token exchange failing on a wrong client secret. */
export function installFlow(flowId = 'flow-1a2b3c4d', secretLast4 = 'WXYZ'): TrafficEntry[] {
  const state = '9b1e4c2a-1111-4d2e-8f00-123456789abc';
  const redirectUri = 'https://chat.openai.com/aip/plugin-7f0c2d1e-aaaa-bbbb-cccc-1234567890ab/oauth/callback';
  return [
    makeEntry({ kind: 'manifest' }),
    makeEntry({
      kind: 'openapi',
      path: '/openapi.yaml',
      response: {
        headers: { 'content-type': 'application/yaml' },
        body: { contentType: 'application/yaml', text: 'openapi: 3.0.1\n', parsed: null, size: 15, truncated: false },
      },
    }),
    makeEntry({
      kind: 'authorize',
      path: '/oauth/authorize',
      query: { response_type: 'code', client_id: 'handshake-client', redirect_uri: redirectUri, scope: '', state },
      clientId: 'handshake-client',
      flowId,
      response: {
        headers: { 'content-type': 'text/html; charset=utf-8' },
        body: { contentType: 'text/html', text: '<!doctype html>…', parsed: null, size: 2400, truncated: false },
      },
      notes: [{ level: 'info', code: 'scope_empty', message: 'scope is present but empty — normal for ChatGPT.' }],
    }),
    makeEntry({
      kind: 'login',
      method: 'POST',
      path: '/oauth/login',
      status: 302,
      flowId,
      clientId: 'handshake-client',
      userEmail: 'ada@example.com',
      request: {
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: {
          contentType: 'application/x-www-form-urlencoded',
          text: 'email=ada%40example.com&password=••••',
          parsed: { email: 'ada@example.com', password: '••••' },
          size: 40,
          truncated: false,
        },
      },
      response: { headers: { location: `${redirectUri}?code=••••c0de&state=${state}` }, body: null },
    }),
    makeEntry({
      kind: 'token',
      method: 'POST',
      path: '/oauth/token',
      status: 401,
      flowId,
      clientId: 'handshake-client',
      request: {
        headers: { 'content-type': 'application/json', 'user-agent': 'OpenAI' },
        body: {
          contentType: 'application/json',
          text: `{"grant_type":"authorization_code","client_id":"handshake-client","client_secret":"•••• nope (does not match the configured client secret)","code":"•••• c0de"}`,
          parsed: {
            grant_type: 'authorization_code',
            client_id: 'handshake-client',
            client_secret: '•••• nope (does not match the configured client secret)',
            code: '•••• c0de',
            redirect_uri: redirectUri,
          },
          size: 180,
          truncated: false,
        },
      },
      response: {
        headers: { 'content-type': 'application/json' },
        body: {
          contentType: 'application/json',
          text: '{"error":"invalid_client"}',
          parsed: { error: 'invalid_client' },
          size: 26,
          truncated: false,
        },
      },
      notes: [
        {
          level: 'error',
          code: 'client_secret_mismatch',
          message: `The client secret in the body (•••• nope) does not match the configured client secret (•••• ${secretLast4}). Re-type the secret in ChatGPT.`,
        },
      ],
    }),
  ];
}

import type {
  CheckInput,
  CheckRun,
  ControlApi,
  ControlEvent,
  ControlMethodName,
  Status,
  TunnelStatus,
} from '../../../server/control/control-api';
import { ControlError } from '../../../server/control/control-error';
import { FaultQueue } from '../../../server/faults/fault-queue';
import { hostViews } from '../../../server/hosts/host-view';
import { tokenShapeViews } from '../../../server/oauth/tokens/providers/token-shape-views';
import { defaultSettings, mergeSettings, type Settings } from '../../../server/settings/settings';
import type { ClientView, UserView } from '../../../server/store/records';
import type { TrafficEntry } from '../../../server/traffic/traffic-entry';
import { summarize } from '../../../server/traffic/traffic-summary';
import { FakeSigningKeys } from '../../fixtures/fake-signing-keys';

/**
 * An in-memory ControlApi for testing the HTTP adapter: it records every call with its input, keeps just enough
 * state to answer like the real service (users with duplicate-email conflicts, traffic with unknown ids), and lets a
 * test emit events, make a method throw, and see how many subscribers are attached.
 */
export class FakeControlApi implements ControlApi {
  readonly calls: { name: ControlMethodName; input: unknown }[] = [];
  /** Makes the named method throw this instead of answering. */
  readonly failures = new Map<ControlMethodName, unknown>();
  private readonly listeners = new Set<(event: ControlEvent) => void>();
  private settings: Settings = structuredClone(defaultSettings);
  private client: ClientView = {
    id: 'handshake-client',
    secret: 'fake-secret-0123456789',
    secretFingerprint: '…6789',
    createdAt: '2026-01-01T00:00:00.000Z',
    rotatedAt: null,
  };
  private users: UserView[] = [];
  private traffic: TrafficEntry[] = [];
  private readonly faults = new FaultQueue();

  get subscriberCount(): number {
    return this.listeners.size;
  }

  emit(event: ControlEvent): void {
    for (const listener of [...this.listeners]) listener(event);
  }

  addTraffic(entry: TrafficEntry): void {
    this.traffic.push(entry);
    this.emit({ type: 'traffic', entry, summary: summarize(entry) });
  }

  subscribe(listener: (event: ControlEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private record(name: ControlMethodName, input: unknown): void {
    this.calls.push({ name, input });
    if (this.failures.has(name)) throw this.failures.get(name);
  }

  private status(): Status {
    return {
      version: '0.0.0-test',
      mode: 'headless',
      startedAt: '2026-01-01T00:00:00.000Z',
      dataDir: '/tmp/fake',
      localUrl: 'http://127.0.0.1:3030',
      listener: { state: 'listening', port: 3030, error: null },
      publicUrl: null,
      domain: '127.0.0.1:3030',
      manifestUrl: 'http://127.0.0.1:3030/.well-known/ai-plugin.json',
      controlUrl: null,
      controlToken: null,
      tunnel: this.tunnel(),
      secretStorage: 'plain',
      warnings: [],
    };
  }

  private tunnel(state: TunnelStatus['state'] = 'off'): TunnelStatus {
    return { state, url: null, error: null, provider: 'ngrok', hasAuthtoken: false, authtokenSource: null, freePlanDomain: false };
  }

  async getStatus() {
    this.record('getStatus', undefined);
    return this.status();
  }
  async getSettings() {
    this.record('getSettings', undefined);
    return this.settings;
  }
  async updateSettings(input: Parameters<ControlApi['updateSettings']>[0]) {
    this.record('updateSettings', input);
    this.settings = mergeSettings(this.settings, input);
    return this.settings;
  }
  async getPreview() {
    this.record('getPreview', undefined);
    return {
      baseUrl: 'http://127.0.0.1:3030',
      manifest: { schema_version: 'v1' },
      openapi: 'openapi: 3.0.1\n',
      lint: [],
      openIdConfiguration: { issuer: 'http://127.0.0.1:3030' },
    };
  }
  async setPublicPort(input: Parameters<ControlApi['setPublicPort']>[0]) {
    this.record('setPublicPort', input);
    return { ...this.status(), listener: { state: 'listening' as const, port: input.port, error: null } };
  }
  async getClient() {
    this.record('getClient', undefined);
    return this.client;
  }
  async setClient(input: Parameters<ControlApi['setClient']>[0]) {
    this.record('setClient', input);
    this.client = { ...this.client, ...input, secretFingerprint: `…${input.secret.slice(-4)}` };
    return this.client;
  }
  async rotateClientSecret() {
    this.record('rotateClientSecret', undefined);
    this.client = { ...this.client, secret: 'rotated-secret-abcdefghij', secretFingerprint: '…ghij', rotatedAt: new Date().toISOString() };
    return this.client;
  }
  async listClients() {
    this.record('listClients', undefined);
    return [];
  }
  async createClient(input: Parameters<ControlApi['createClient']>[0]) {
    this.record('createClient', input);
    const now = new Date().toISOString();
    return {
      id: 'client_1',
      kind: 'manual' as const,
      name: input.name,
      redirectUris: input.redirectUris,
      tokenEndpointAuthMethod: 'none' as const,
      documentHost: null,
      secretFingerprint: null,
      createdAt: now,
      lastUsedAt: null,
      expiresAt: null,
      activeGrants: 0,
      secret: null,
    };
  }
  async deleteClient({ id }: { id: string }) {
    this.record('deleteClient', { id });
    if (id !== 'client_1') throw new ControlError('not_found', `no client with id ${id}`, 'id');
    return { deleted: true as const, revokedGrants: 0 };
  }
  async listUsers() {
    this.record('listUsers', undefined);
    return this.users;
  }
  async createUser(input: Parameters<ControlApi['createUser']>[0]) {
    this.record('createUser', input);
    if (this.users.some((user) => user.email === input.email)) {
      throw new ControlError('conflict', `a user with email ${input.email} already exists`, 'email');
    }
    const now = new Date().toISOString();
    const user: UserView = {
      id: `u${this.users.length + 1}`,
      email: input.email,
      name: input.name ?? '',
      emailVerified: true,
      createdAt: now,
      updatedAt: now,
      activeGrants: 0,
    };
    this.users.push(user);
    return user;
  }
  async updateUser(input: Parameters<ControlApi['updateUser']>[0]) {
    this.record('updateUser', input);
    const user = this.findUser(input.id);
    Object.assign(user, { ...(input.email ? { email: input.email } : {}), ...(input.name !== undefined ? { name: input.name } : {}) });
    return user;
  }
  async deleteUser(input: Parameters<ControlApi['deleteUser']>[0]) {
    this.record('deleteUser', input);
    const user = this.findUser(input.id);
    this.users = this.users.filter((other) => other !== user);
    return { deleted: true as const, revokedGrants: 0 };
  }
  private findUser(id: string): UserView {
    const user = this.users.find((candidate) => candidate.id === id);
    if (!user) throw new ControlError('not_found', `no user ${id}`, 'id');
    return user;
  }
  async listGrants() {
    this.record('listGrants', undefined);
    return [];
  }
  async revokeGrant(input: Parameters<ControlApi['revokeGrant']>[0]) {
    this.record('revokeGrant', input);
    return { revoked: true as const };
  }
  async exportHar() {
    this.record('exportHar', undefined);
    return { log: { version: '1.2' as const, creator: { name: 'Handshake', version: '0.0.0-test' }, entries: [] } };
  }
  async listTraffic(input: Parameters<ControlApi['listTraffic']>[0]) {
    this.record('listTraffic', input);
    return this.traffic.map(summarize);
  }
  async getTrafficEntry(input: Parameters<ControlApi['getTrafficEntry']>[0]) {
    this.record('getTrafficEntry', input);
    const entry = this.traffic.find((candidate) => candidate.id === input.id);
    if (!entry) throw new ControlError('not_found', `no traffic entry ${input.id}`, 'id');
    return entry;
  }
  async clearTraffic() {
    this.record('clearTraffic', undefined);
    const cleared = this.traffic.length;
    this.traffic = [];
    return { cleared };
  }
  async replayTraffic(input: Parameters<ControlApi['replayTraffic']>[0]) {
    this.record('replayTraffic', input);
    return { id: 'replayed', status: 200 };
  }
  async getTunnel() {
    this.record('getTunnel', undefined);
    return this.tunnel();
  }
  async startTunnel(input: Parameters<ControlApi['startTunnel']>[0]) {
    this.record('startTunnel', input);
    return this.tunnel('connecting');
  }
  async stopTunnel() {
    this.record('stopTunnel', undefined);
    return this.tunnel();
  }
  async setNgrokAuthtoken(input: Parameters<ControlApi['setNgrokAuthtoken']>[0]) {
    this.record('setNgrokAuthtoken', input);
    return { ...this.tunnel(), hasAuthtoken: input.authtoken !== '', authtokenSource: input.authtoken ? ('saved' as const) : null };
  }
  async listFaults() {
    this.record('listFaults', undefined);
    return this.faults.list();
  }
  async injectFault(input: Parameters<ControlApi['injectFault']>[0]) {
    this.record('injectFault', input);
    return input.kind === 'fail' || input.kind === 'delay' ? this.faults.add(input) : this.faults.list();
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
    return this.faults.clear();
  }
  async runCheck(input: CheckInput): Promise<CheckRun> {
    this.record('runCheck', input);
    const url = input.url ?? 'http://127.0.0.1:3030';
    return {
      id: 'chk_fake',
      profile: input.profile,
      url,
      flowId: 'flw_chkfake',
      state: 'passed',
      user: null,
      startedAt: '2026-01-01T00:00:00.000Z',
      finishedAt: '2026-01-01T00:00:01.000Z',
      steps: [],
    };
  }
  async listHosts() {
    this.record('listHosts', undefined);
    return hostViews();
  }
}

export function trafficEntry(id: string, overrides: Partial<TrafficEntry> = {}): TrafficEntry {
  return {
    id,
    time: new Date().toISOString(),
    kind: 'token',
    method: 'POST',
    path: '/oauth/token',
    query: {},
    status: 200,
    durationMs: 3,
    request: { headers: {}, body: null },
    response: { headers: {}, body: null },
    clientId: 'handshake-client',
    userId: null,
    userEmail: null,
    flowId: 'flow-1',
    notes: [],
    ...overrides,
  };
}

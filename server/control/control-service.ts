import { ZodError } from 'zod';
import { checkInputSchema } from '../checks/check-input';
import type { CheckRun } from '../checks/check-run';
import type { CheckRunnerDeps } from '../checks/check-runner';
import type { FaultQueue } from '../faults/fault-queue';
import { hostViews } from '../hosts/host-view';
import { mcpResource } from '../mcp/mcp-resource';
import type { ClientRegistry } from '../oauth/clients/client-registry';
import type { KeyStore } from '../oauth/keys/key-store';
import { idTokenTtlSeconds } from '../oauth/tokens/id-token';
import { tokenShapeViews } from '../oauth/tokens/providers/token-shape-views';
import type { Settings } from '../settings/settings';
import type { GrantRecord, GrantView, UserRecord, UserView } from '../store/records';
import type { Store } from '../store/store';
import { DuplicateEmailError } from '../store/user-repository';
import { canRevealClientSecret, revealClientSecret } from '../traffic/secret-reveal';
import type { TrafficLog } from '../traffic/traffic-log';
import { fillClientSecret, recordedRequest, sendReplay } from '../traffic/traffic-replay';
import type { TunnelManager } from '../tunnel/tunnel-manager';
import { type ControlApi, type ControlEvent, newClientSchema, type Preview, rotateKeyInputSchema, type Status } from './control-api';
import { ControlError } from './control-error';

export interface ControlServiceDeps {
  store: Store;
  clients: ClientRegistry;
  keys: KeyStore;
  traffic: TrafficLog;
  tunnel: TunnelManager;
  faults: FaultQueue;
  status(): Status;
  preview(): Preview;
  setPublicPort(port: number): Promise<void>;
  emit(event: ControlEvent): void;
  subscribe(listener: (event: ControlEvent) => void): () => void;
  /** Runs Handshake's own check ("Test as ChatGPT") as `user`. */
  runCheck(input: CheckRunnerDeps['input'], user: { id: string; email: string } | null): Promise<CheckRun>;
  /** Called after settings change, e.g. to resize the traffic ring. */
  onSettingsChanged(settings: Settings): void;
}

function userView(user: UserRecord, grants: GrantRecord[]): UserView {
  const { id, email, name, createdAt, updatedAt } = user;
  return {
    id,
    email,
    name,
    emailVerified: user.emailVerified,
    createdAt,
    updatedAt,
    activeGrants: grants.filter((grant) => grant.userId === id).length,
  };
}

/** The one implementation of ControlApi; the HTTP and IPC adapters only carry calls to it. */
export function createControlService(deps: ControlServiceDeps): ControlApi {
  const { store, traffic, tunnel, faults } = deps;

  const changed = (resource: Extract<ControlEvent, { type: 'changed' }>['resource']) => deps.emit({ type: 'changed', resource });
  /** A new signing key; the old one must outlive every token it signed (access tokens and id_tokens) unless retired now. */
  const rotateKeys = async (retireNow: boolean) => {
    const settings = store.settings.get();
    const key = await deps.keys.rotate({ keepPublishedSeconds: Math.max(settings.accessTokenTtl, idTokenTtlSeconds), retireNow });
    changed('keys');
    return key;
  };

  const findUser = (id: string): UserRecord => {
    const user = store.users.byId(id);
    if (!user) throw new ControlError('not_found', `no user with id ${id}`, 'id');
    return user;
  };

  const conflicts = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      if (error instanceof DuplicateEmailError) throw new ControlError('conflict', error.message, 'email');
      if (error instanceof ZodError) throw ControlError.fromZod(error);
      throw error;
    }
  };

  return {
    async getStatus() {
      return deps.status();
    },
    async setPublicPort({ port }) {
      await deps.setPublicPort(port);
      return deps.status();
    },
    async getSettings() {
      return store.settings.get();
    },
    async updateSettings(patch) {
      const settings = await conflicts(async () => store.settings.update(patch));
      await store.save();
      deps.onSettingsChanged(settings);
      changed('settings');
      deps.emit({ type: 'status', status: deps.status() });
      return settings;
    },
    async getPreview() {
      return deps.preview();
    },
    async getClient() {
      return store.client.view();
    },
    async setClient({ id, secret }) {
      store.client.set(id, secret);
      await store.save();
      changed('client');
      return store.client.view();
    },
    async rotateClientSecret() {
      store.client.rotateSecret();
      await store.save();
      changed('client');
      return store.client.view();
    },
    async listClients() {
      return deps.clients.list();
    },
    async createClient(input) {
      const parsed = newClientSchema.parse(input);
      if (parsed.id && deps.clients.findKnown(parsed.id))
        throw new ControlError('conflict', `a client with id ${parsed.id} already exists`, 'id');
      if (parsed.secret && parsed.tokenEndpointAuthMethod === 'none')
        throw new ControlError('invalid_input', 'a public client (none) has no secret', 'secret');
      const { record, secret } = await deps.clients.register(
        {
          client_name: parsed.name,
          redirect_uris: parsed.redirectUris,
          token_endpoint_auth_method: parsed.tokenEndpointAuthMethod,
          grant_types: ['authorization_code', 'refresh_token'],
        },
        'manual',
        { id: parsed.id, secret: parsed.secret },
      );
      changed('clients');
      return { ...deps.clients.view(record.id)!, secret };
    },
    async deleteClient({ id }) {
      if (deps.clients.isClassic(id))
        throw new ControlError('conflict', 'the classic plugin client cannot be deleted; change or rotate it instead', 'id');
      const removed = await deps.clients.remove(id);
      if (!removed) throw new ControlError('not_found', `no client with id ${id}`, 'id');
      changed('clients');
      changed('grants');
      return { deleted: true as const, revokedGrants: removed.revokedGrants };
    },
    async listUsers() {
      const active = store.grants.active();
      return store.users.list().map((user) => userView(user, active));
    },
    async createUser(input) {
      const user = await conflicts(() =>
        store.users.create({ email: input.email, password: input.password, name: input.name ?? '', emailVerified: input.emailVerified }),
      );
      await store.save();
      changed('users');
      return userView(user, []);
    },
    async updateUser({ id, ...patch }) {
      const user = await conflicts(() => store.users.update(findUser(id), patch));
      await store.save();
      changed('users');
      return userView(user, store.grants.active());
    },
    async deleteUser({ id }) {
      const user = findUser(id);
      const revokedGrants = store.grants.revokeForUser(user.id, 'user_deleted');
      // Their unexchanged codes stay until pruned: the code grant refuses them as user_removed, which tells the
      // developer what happened, where a forgotten code would read "Handshake never issued this code".
      store.todos.removeForUser(user.id);
      store.users.remove(user);
      await store.save();
      changed('users');
      changed('grants');
      return { deleted: true as const, revokedGrants };
    },
    async listGrants() {
      const now = Date.now();
      return store.grants.active().map(
        (grant): GrantView => ({
          id: grant.id,
          clientId: grant.clientId,
          userId: grant.userId,
          userEmail: store.users.byId(grant.userId)?.email ?? '(removed)',
          scope: grant.scope,
          flowId: grant.flowId,
          createdAt: grant.createdAt,
          refreshedAt: grant.refreshedAt,
          accessTokenExpiresAt: grant.accessTokenExpiresAt,
          refreshTokenExpiresAt: grant.refreshTokenExpiresAt,
          state: Date.parse(grant.accessTokenExpiresAt) > now ? 'active' : 'access-expired',
        }),
      );
    },
    async revokeGrant({ id }) {
      const grant = store.grants.get(id);
      if (!grant || grant.revokedAt) throw new ControlError('not_found', `no active grant with id ${id}`, 'id');
      store.grants.revoke(grant, 'revoked_by_developer');
      await store.save();
      changed('grants');
      changed('users');
      return { revoked: true as const };
    },
    async exportHar() {
      return traffic.toHar();
    },
    async listTraffic(query) {
      return traffic.list(query);
    },
    async getTrafficEntry({ id, reveal }) {
      const entry = traffic.get(id);
      if (!entry) throw new ControlError('not_found', `no traffic entry with id ${id} (it may have left the in-memory log)`, 'id');
      const secret = store.client.view().secret;
      if (!canRevealClientSecret(entry, secret)) return entry;
      return { ...(reveal === true ? revealClientSecret(entry, secret) : entry), revealable: true };
    },
    async clearTraffic() {
      return { cleared: await traffic.clear() };
    },
    async replayTraffic({ id, fillSecrets, request: edits }) {
      const entry = traffic.get(id);
      if (!entry) throw new ControlError('not_found', `no traffic entry with id ${id} (it may have left the in-memory log)`, 'id');
      if (entry.request.body?.truncated && edits?.body === undefined) {
        throw new ControlError('conflict', 'the log kept only the start of this body: use Edit and resend with the whole body', 'body');
      }
      const edited = { ...recordedRequest(entry), ...edits };
      const request = fillSecrets ? fillClientSecret(edited, store.client.view().secret) : edited;
      const localUrl = deps.status().localUrl;
      try {
        return await sendReplay(localUrl, request, traffic, id);
      } catch (error) {
        throw new ControlError('failed', `could not replay to ${localUrl}: ${error instanceof Error ? error.message : String(error)}`);
      }
    },
    async getTunnel() {
      return tunnel.status();
    },
    async startTunnel(input) {
      return tunnel.start(input);
    },
    async stopTunnel() {
      return tunnel.stop();
    },
    async setNgrokAuthtoken({ authtoken }) {
      return tunnel.setAuthtoken(authtoken);
    },
    async listFaults() {
      return faults.list();
    },
    async injectFault(input) {
      if (input.kind === 'expire-access-tokens') {
        store.grants.expireAllAccessTokens();
        await store.save();
        changed('grants');
        return faults.list();
      }
      if (input.kind === 'rotate-keys') {
        const before = deps.keys.currentKid;
        const key = await rotateKeys(input.retireNow);
        faults.auth.rotated(before, key.kid, input.retireNow);
        return faults.list();
      }
      if (input.kind === 'clock-skew') {
        faults.auth.setClockSkew(input.seconds);
        changed('faults');
        return faults.list();
      }
      if (input.kind === 'jwks-unavailable' || input.kind === 'jwks-slow') {
        faults.auth.startJwksOutage(
          input.kind === 'jwks-slow' ? 'slow' : 'unavailable',
          input.seconds,
          input.kind === 'jwks-slow' ? input.delayMs : null,
        );
        changed('faults');
        return faults.list();
      }
      if (input.kind === 'fail' && input.error && input.status) {
        throw new ControlError('invalid_input', 'give either error or status, not both', 'status');
      }
      const list = faults.add(input);
      changed('faults');
      return list;
    },
    async clearFaults() {
      const list = faults.clear();
      changed('faults');
      return list;
    },
    async runCheck(input) {
      const parsed = checkInputSchema.parse(input);
      let user: UserRecord | undefined;
      if (parsed.user) {
        user = store.users.list().find((candidate) => candidate.email.toLowerCase() === parsed.user!.toLowerCase());
        if (!user)
          throw new ControlError(
            'invalid_input',
            `no user with email ${parsed.user}: add one under Users, or leave user out to sign in as the first user`,
            'user',
          );
      } else user = store.users.list()[0];
      return deps.runCheck(parsed, user ? { id: user.id, email: user.email } : null);
    },
    async listTokenShapes() {
      const current = deps.status();
      const base = current.publicUrl ?? current.localUrl;
      return tokenShapeViews(base, mcpResource(base, store.settings.get()).identifier, store.client.view().id);
    },
    async listHosts() {
      return hostViews();
    },
    async listSigningKeys() {
      return deps.keys.list();
    },
    async rotateSigningKey(input) {
      const { retireNow } = rotateKeyInputSchema.parse(input ?? {});
      await rotateKeys(retireNow);
      return deps.keys.list();
    },
    subscribe(listener) {
      return deps.subscribe(listener);
    },
  };
}

import type { Request } from 'express';
import { stringify } from 'yaml';
import { runCheck } from '../checks/check-runner';
import { serverCheckSubject } from '../checks/server-check-tokens';
import { applyConfig } from '../config/apply-config';
import { readConfigFile } from '../config/config-file';
import type { ControlApi, ControlEvent, Preview, Status } from '../control/control-api';
import { createControlService } from '../control/control-service';
import { FaultQueue } from '../faults/fault-queue';
import { createGateway } from '../gateway/gateway';
import { loadUpstreamSpec } from '../gateway/upstream-spec';
import { withStableShapes } from '../http/stable-shapes';
import { openIdConfiguration } from '../oauth/authorization-server-metadata';
import { ClientRegistry } from '../oauth/clients/client-registry';
import { KeyStore } from '../oauth/keys/key-store';
import { demoOpenApiDocument } from '../plugin/demo-openapi';
import { buildManifest, lintManifest, manifestPath } from '../plugin/manifest';
import { createPublicApp } from '../public/public-app';
import { publicBaseUrl } from '../public/public-base-url';
import { createPublicContext } from '../public/public-context';
import { openStore, type Store } from '../store/store';
import { TrafficLog } from '../traffic/traffic-log';
import { createTrafficRecorder } from '../traffic/traffic-recorder';
import { AuthtokenStore } from '../tunnel/authtoken-store';
import { CloudflaredProvider } from '../tunnel/cloudflared-provider';
import { NgrokProvider } from '../tunnel/ngrok-provider';
import { TunnelManager } from '../tunnel/tunnel-manager';
import { appVersion } from './app-version';
import type { Core, CoreOptions } from './core-types';
import { PortInUseError } from './core-types';
import { firstRunSetup } from './first-run';
import { PublicListener } from './public-listener';

export const defaultPublicPort = 3030;

/**
 * The headless core: store, public listener, traffic log, tunnel and the control service over them.
 * The desktop app and `npm run serve` both run exactly this.
 */
export async function createCore(options: CoreOptions): Promise<Core> {
  const log = options.log ?? ((line: string) => console.log(line));
  const startedAt = new Date().toISOString();
  const listeners = new Set<(event: ControlEvent) => void>();
  const emit = (event: ControlEvent) => {
    for (const listener of listeners) listener(event);
  };

  const store: Store = await openStore(options.dataDir, { secretBox: options.secretBox, log });
  if (options.configFile) await applyConfig(store, readConfigFile(options.configFile));
  if (store.created) await firstRunSetup(store, log);

  const traffic = new TrafficLog({ capacity: store.settings.get().trafficRingSize, dataDir: options.dataDir, appVersion });
  const reloaded = await traffic.load();
  if (reloaded.skippedLines > 0) log(`Traffic history: skipped ${reloaded.skippedLines} unreadable line(s).`);
  traffic.subscribe((event) => emit(event));

  const faults = new FaultQueue();
  const listener = new PublicListener((req, res) => handlePublic(req, res));
  let listenerState: Status['listener'] = { state: 'listening', port: options.port ?? defaultPublicPort, error: null };
  let controlEndpoint: { url: string; token: string | null } | null = null;

  const authtokens = new AuthtokenStore({ dataDir: options.dataDir, secretBox: options.secretBox });
  const tunnel = new TunnelManager({
    provider: options.tunnelProvider ?? new NgrokProvider({ clientVersion: appVersion }),
    cloudflare: options.cloudflareProvider ?? new CloudflaredProvider({ configuredPath: () => store.settings.get().cloudflaredPath }),
    getProviderName: () => store.settings.get().tunnelProvider,
    authtokens,
    getDomain: () => store.settings.get().ngrokDomain,
    forwardTo: () => `127.0.0.1:${listener.port}`,
  });

  const localUrl = () => `http://127.0.0.1:${listener.port}`;
  /** Tunnel first, then --public-url, then settings.publicUrl; null derives it per request. */
  const configuredPublicUrl = (): string | null => tunnel.status().url ?? (options.publicUrl || store.settings.get().publicUrl || null);

  const clients = new ClientRegistry(store, options.cimdFetcher);
  const expired = await clients.expireUnused();
  if (expired > 0)
    log(`Forgot ${expired} registered client(s) unused for over ${store.settings.get().registrationExpiryDays} days (Settings).`);
  const keys = await KeyStore.open(store);
  const context = createPublicContext({
    store,
    keys,
    clients,
    faults,
    baseUrl: (req: Request) => publicBaseUrl(req, configuredPublicUrl(), localUrl()),
    ...(options.loginThrottle ? { loginThrottle: options.loginThrottle } : {}),
  });

  const recorder = createTrafficRecorder({
    log: traffic,
    getSettings: () => store.settings.get(),
    secrets: clients,
    clientHosts: (clientId) => clients.hostOf(clientId),
    keys,
    issuerOf: context.baseUrl,
  });
  const app = createPublicApp(context, {
    recorder,
    gateway: {
      handler: (authenticate) => createGateway({ getSettings: () => store.settings.get(), authenticate }),
      loadSpec: (baseUrl) => {
        const settings = store.settings.get();
        return loadUpstreamSpec({ upstream: settings.upstream, specPath: settings.upstreamSpecPath, publicBaseUrl: baseUrl });
      },
    },
    log,
  });
  const handlePublic = withStableShapes(app);

  function status(): Status {
    const publicUrl = configuredPublicUrl();
    const base = publicUrl ?? localUrl();
    const warnings: string[] = [];
    for (const problem of [authtokens.problem(), store.client.unreadable]) if (problem) warnings.push(problem);
    if (!publicUrl) warnings.push('No public https URL yet: ChatGPT cannot reach 127.0.0.1. Start the tunnel or set a public URL.');
    return {
      version: appVersion,
      mode: options.mode,
      startedAt,
      dataDir: options.dataDir,
      localUrl: localUrl(),
      listener: listenerState,
      publicUrl,
      domain: new URL(base).host,
      manifestUrl: base + manifestPath,
      controlUrl: controlEndpoint?.url ?? null,
      controlToken: controlEndpoint?.token ?? null,
      tunnel: tunnel.status(),
      secretStorage: options.secretBox?.encrypted ? 'encrypted' : 'plain',
      warnings,
    };
  }

  function preview(): Preview {
    const settings = store.settings.get();
    const baseUrl = configuredPublicUrl() ?? localUrl();
    return {
      baseUrl,
      manifest: buildManifest(settings, baseUrl),
      openapi: stringify(demoOpenApiDocument(settings, baseUrl)),
      lint: lintManifest(settings, baseUrl, store.client.secret),
      openIdConfiguration: openIdConfiguration(baseUrl, settings, keys.currentAlgorithm),
    };
  }

  async function openListener(port: number): Promise<void> {
    try {
      await listener.listen(port);
      listenerState = { state: 'listening', port: listener.port, error: null };
    } catch (error) {
      listenerState = {
        state: 'failed',
        port,
        error:
          error instanceof PortInUseError
            ? `Port ${port} is already in use by another program. Pick another port.`
            : (error as Error).message,
      };
      throw error;
    } finally {
      emit({ type: 'status', status: status() });
    }
  }

  tunnel.onChange(() => emit({ type: 'status', status: status() }));

  const control: ControlApi = createControlService({
    store,
    keys,
    clients,
    traffic,
    tunnel,
    faults,
    status,
    preview,
    async setPublicPort(port) {
      await listener.close();
      const wasOnline = tunnel.status().state === 'online';
      await openListener(port);
      if (wasOnline) await tunnel.start({});
    },
    emit,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    runCheck(input, user) {
      const settings = store.settings.get();
      const client = store.client.view();
      const base = configuredPublicUrl() ?? localUrl();
      const serverDefault = settings.mcpUpstream || `${base}/mcp`;
      return runCheck({
        input,
        defaultUrl: base,
        server: {
          defaultUrl: serverDefault,
          subject: (flowId) =>
            serverCheckSubject({ store, keys, issuer: base, userId: user?.id ?? null, flowId, probedUrl: input.url ?? serverDefault }),
        },
        subject: {
          classicClient: { id: client.id, secret: client.secret },
          verificationToken: input.verificationToken ?? settings.verificationToken,
          user,
          signInTicket: (userId) => context.signInTickets.mint(userId),
        },
        subscribeTraffic: (listener) => traffic.subscribe((event) => event.type === 'traffic' && listener(event.entry)),
        onChange: (run) => emit({ type: 'check', run }),
        trustAssertionKey: (clientId, publicJwk) => clients.assertionKeys.trustForRun(clientId, publicJwk as never),
      });
    },
    onSettingsChanged(settings) {
      if (settings.trafficRingSize !== traffic.capacity) traffic.resize(settings.trafficRingSize);
    },
  });

  let stopped = false;
  return {
    control,
    get localUrl() {
      return localUrl();
    },
    async start() {
      await openListener(options.port ?? defaultPublicPort);
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await tunnel.stop().catch(() => undefined);
      await listener.close();
      await recorder.flush();
      recorder.close();
      await traffic.close();
      await store.close();
      listeners.clear();
    },
    setControlUrl(url, token) {
      controlEndpoint = url ? { url, token: token ?? null } : null;
      emit({ type: 'status', status: status() });
    },
  };
}

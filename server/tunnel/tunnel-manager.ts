import type { TunnelStartInput, TunnelState, TunnelStatus } from '../control/control-api';
import { ControlError } from '../control/control-error';
import type { AuthtokenStore } from './authtoken-store';
import { isFreePlanDomain, normalizeDomain } from './tunnel-domain';
import {
  connectTimeoutProblem,
  describeTunnelError,
  invalidDomainProblem,
  missingAuthtokenProblem,
  type TunnelProblem,
} from './tunnel-errors';
import type { TunnelProvider, TunnelProviderName, TunnelSession } from './tunnel-provider';

export interface TunnelManagerOptions {
  /** ngrok: needs the authtoken, may use a reserved domain. */
  provider: TunnelProvider;
  /** Cloudflare's quick tunnel (cloudflared): no account, a new random URL at each start. */
  cloudflare?: TunnelProvider;
  /** settings.tunnelProvider, read at each start and for the status while off. Default ngrok. */
  getProviderName?: () => TunnelProviderName;
  authtokens: AuthtokenStore;
  /** settings.ngrokDomain ('' for a random one), read at each start. */
  getDomain: () => string;
  /** host:port of the public listener, read at each start (the port can change at runtime). */
  forwardTo: () => string;
  /** Our own limit on connecting: the SDK can hang when offline. Default 15 s (cloudflared: 30 s). */
  connectTimeoutMs?: number;
}

export const defaultConnectTimeoutMs = 15_000;
/** cloudflared asks trycloudflare.com for a tunnel, then connects to the edge: often 5–10 s, slower on a busy day. */
export const cloudflareConnectTimeoutMs = 30_000;

/**
 * The tunnel's state machine: off → connecting → online(url) ⇄ reconnecting; any → error; stop → off.
 * Starting while connecting/online restarts; stop while connecting cancels (a session that opens late is closed).
 * Each start gets a generation number: callbacks and results from an older generation are ignored.
 */
export class TunnelManager {
  private state: TunnelState = 'off';
  private url: string | null = null;
  private problem: TunnelProblem | null = null;
  /** The domain asked for in the current/last start (for freePlanDomain before the URL is known). */
  private requestedDomain: string | undefined;
  private session: TunnelSession | null = null;
  /** The provider of the current/last start. */
  private started: TunnelProviderName | null = null;
  private generation = 0;
  /** Ends the wait of the start in progress (superseded by stop or another start). */
  private cancelWait: () => void = () => undefined;
  private readonly listeners = new Set<(status: TunnelStatus) => void>();

  constructor(private readonly options: TunnelManagerOptions) {}

  status(): TunnelStatus {
    const source = this.options.authtokens.source();
    const provider = this.state === 'off' || this.started === null ? this.chosenProvider() : this.started;
    const domain = this.url ?? this.requestedDomain ?? normalizeDomain(this.options.getDomain()) ?? '';
    return {
      state: this.state,
      url: this.state === 'online' || this.state === 'reconnecting' ? this.url : null,
      error: this.problem,
      provider,
      hasAuthtoken: source !== null,
      authtokenSource: source,
      freePlanDomain: provider === 'ngrok' && domain !== '' && isFreePlanDomain(domain),
    };
  }

  private chosenProvider(): TunnelProviderName {
    return this.options.getProviderName?.() ?? 'ngrok';
  }

  onChange(listener: (status: TunnelStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves once the tunnel is online, failed, or was stopped meanwhile; never rejects for tunnel failures. */
  async start(input: TunnelStartInput = {}): Promise<TunnelStatus> {
    const generation = this.nextGeneration();
    if (this.session) {
      // Restarting: the old URL stops working now, so stop showing it.
      this.url = null;
      this.set('connecting', null);
      await this.closeSession();
      if (generation !== this.generation) return this.status();
    }

    const name = input.provider ?? this.chosenProvider();
    this.started = name;
    const provider = name === 'cloudflare' ? this.options.cloudflare : this.options.provider;
    if (!provider) {
      return this.fail(generation, { code: 'unknown', message: 'This build has no Cloudflare tunnel.', advice: 'Use ngrok.' });
    }
    let domain: string | undefined;
    let authtoken: string | undefined;
    if (name === 'ngrok') {
      const normalized = normalizeDomain(input.domain ?? this.options.getDomain());
      if (normalized === null) return this.fail(generation, invalidDomainProblem((input.domain ?? this.options.getDomain()).trim()));
      domain = normalized;
      this.options.authtokens.reload();
      authtoken = input.authtoken?.trim() || this.options.authtokens.current()?.token;
      if (!authtoken) return this.fail(generation, missingAuthtokenProblem(this.options.authtokens.problem() ?? undefined));
    }
    this.requestedDomain = domain;
    const secrets = authtoken ? [authtoken] : [];
    const connectTimeoutMs =
      this.options.connectTimeoutMs ?? (name === 'cloudflare' ? cloudflareConnectTimeoutMs : defaultConnectTimeoutMs);

    this.url = null;
    this.set('connecting', null);

    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), connectTimeoutMs);
    });
    const abort = new AbortController();
    const cancelled = new Promise<'cancelled'>((resolve) => {
      this.cancelWait = () => resolve('cancelled');
    });
    // async wrapper: a provider (or forwardTo) that throws synchronously becomes a rejection like any other.
    const opening = (async () =>
      provider.open({
        authtoken,
        domain,
        forwardTo: this.options.forwardTo(),
        signal: abort.signal,
        onConnectionChange: (state, detail) => this.connectionChanged(generation, name, state, detail, secrets),
      }))();

    try {
      const outcome = await Promise.race([opening, timedOut, cancelled]);
      if (outcome === 'cancelled') {
        abort.abort();
        closeWhenOpened(opening);
        return this.status();
      }
      if (outcome === 'timeout') {
        abort.abort();
        closeWhenOpened(opening);
        return this.fail(generation, connectTimeoutProblem(connectTimeoutMs, name));
      }
      if (generation !== this.generation) {
        await outcome.close().catch(() => undefined);
        return this.status();
      }
      this.session = outcome;
      this.url = outcome.url;
      this.set('online', null);
      return this.status();
    } catch (error) {
      return this.fail(generation, describeTunnelError(error, secrets));
    } finally {
      clearTimeout(timer);
    }
  }

  async stop(): Promise<TunnelStatus> {
    this.nextGeneration();
    this.url = null;
    if (this.state !== 'off') this.set('off', null);
    await this.closeSession();
    return this.status();
  }

  /** Saves (or with '' forgets) the authtoken used by later starts; a running tunnel keeps its session. */
  async setAuthtoken(token: string): Promise<TunnelStatus> {
    const trimmed = token.trim();
    if (trimmed !== '' && !/^[\x21-\x7e]+$/.test(trimmed)) {
      throw new ControlError('invalid_input', 'authtoken: printable characters only, no spaces', 'authtoken');
    }
    try {
      this.options.authtokens.save(trimmed);
    } catch (error) {
      throw new ControlError('failed', `The ngrok authtoken could not be saved: ${(error as Error).message}`);
    }
    // The last failure was about the old authtoken (or none): it no longer describes anything.
    if (this.state === 'error') {
      this.set('off', null);
      return this.status();
    }
    const status = this.status();
    this.emit(status);
    return status;
  }

  private connectionChanged(
    generation: number,
    name: TunnelProviderName,
    state: 'reconnecting' | 'online' | 'closed',
    detail: string | TunnelProblem | undefined,
    secrets: string[],
  ): void {
    if (generation !== this.generation || this.state === 'off' || this.state === 'error') return;
    if (state === 'online') {
      if (this.session) this.set('online', null);
      return;
    }
    if (state === 'reconnecting') {
      // Keep the URL: ngrok gives the same one back when the session reconnects.
      const problem = typeof detail === 'object' ? detail : detail ? describeTunnelError(detail, secrets) : null;
      this.set('reconnecting', problem);
      return;
    }
    const session = this.session;
    this.session = null;
    this.url = null;
    void session?.close().catch(() => undefined);
    if (typeof detail === 'object') {
      this.set('error', detail);
      return;
    }
    this.set('error', {
      code: 'unknown',
      message: `The tunnel was closed by ${name === 'ngrok' ? 'ngrok' : 'cloudflared'}: ${detail ?? 'no reason given'}.`,
      advice: 'Start the tunnel again when you are ready.',
    });
  }

  private nextGeneration(): number {
    this.cancelWait();
    this.cancelWait = () => undefined;
    return ++this.generation;
  }

  private fail(generation: number, problem: TunnelProblem): TunnelStatus {
    if (generation === this.generation) {
      this.url = null;
      this.set('error', problem);
    }
    return this.status();
  }

  private async closeSession(): Promise<void> {
    const session = this.session;
    this.session = null;
    await session?.close().catch(() => undefined);
  }

  private set(state: TunnelState, problem: TunnelProblem | null): void {
    this.state = state;
    this.problem = problem;
    this.emit(this.status());
  }

  private emit(status: TunnelStatus): void {
    for (const listener of this.listeners) {
      try {
        listener(status);
      } catch {
        // A failing listener must not break the tunnel or the other listeners.
      }
    }
  }
}

/** The provider may still answer after we gave up: close that session so nothing stays exposed. */
function closeWhenOpened(opening: Promise<TunnelSession>): void {
  opening.then(
    (session) => session.close().catch(() => undefined),
    () => undefined,
  );
}

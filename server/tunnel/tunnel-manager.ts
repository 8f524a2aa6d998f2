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
import type { TunnelProvider, TunnelSession } from './tunnel-provider';

export interface TunnelManagerOptions {
  provider: TunnelProvider;
  authtokens: AuthtokenStore;
  /** settings.ngrokDomain ('' for a random one), read at each start. */
  getDomain: () => string;
  /** host:port of the public listener, read at each start (the port can change at runtime). */
  forwardTo: () => string;
  /** Our own limit on connecting: the SDK can hang when offline. Default 15 s. */
  connectTimeoutMs?: number;
}

export const defaultConnectTimeoutMs = 15_000;

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
  private generation = 0;
  /** Ends the wait of the start in progress (superseded by stop or another start). */
  private cancelWait: () => void = () => undefined;
  private readonly listeners = new Set<(status: TunnelStatus) => void>();
  private readonly connectTimeoutMs: number;

  constructor(private readonly options: TunnelManagerOptions) {
    this.connectTimeoutMs = options.connectTimeoutMs ?? defaultConnectTimeoutMs;
  }

  status(): TunnelStatus {
    const source = this.options.authtokens.source();
    const domain = this.url ?? this.requestedDomain ?? normalizeDomain(this.options.getDomain()) ?? '';
    return {
      state: this.state,
      url: this.state === 'online' || this.state === 'reconnecting' ? this.url : null,
      error: this.problem,
      hasAuthtoken: source !== null,
      authtokenSource: source,
      freePlanDomain: domain !== '' && isFreePlanDomain(domain),
    };
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

    const domain = normalizeDomain(input.domain ?? this.options.getDomain());
    if (domain === null) return this.fail(generation, invalidDomainProblem((input.domain ?? this.options.getDomain()).trim()));
    this.requestedDomain = domain;

    this.options.authtokens.reload();
    const authtoken = input.authtoken?.trim() || this.options.authtokens.current()?.token;
    if (!authtoken) return this.fail(generation, missingAuthtokenProblem(this.options.authtokens.problem() ?? undefined));

    this.url = null;
    this.set('connecting', null);

    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), this.connectTimeoutMs);
    });
    const cancelled = new Promise<'cancelled'>((resolve) => {
      this.cancelWait = () => resolve('cancelled');
    });
    // async wrapper: a provider (or forwardTo) that throws synchronously becomes a rejection like any other.
    const opening = (async () =>
      this.options.provider.open({
        authtoken,
        domain,
        forwardTo: this.options.forwardTo(),
        onConnectionChange: (state, detail) => this.connectionChanged(generation, state, detail, authtoken),
      }))();

    try {
      const outcome = await Promise.race([opening, timedOut, cancelled]);
      if (outcome === 'cancelled') {
        closeWhenOpened(opening);
        return this.status();
      }
      if (outcome === 'timeout') {
        closeWhenOpened(opening);
        return this.fail(generation, connectTimeoutProblem(this.connectTimeoutMs));
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
      return this.fail(generation, describeTunnelError(error, [authtoken]));
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
    state: 'reconnecting' | 'online' | 'closed',
    detail: string | undefined,
    authtoken: string,
  ): void {
    if (generation !== this.generation || this.state === 'off' || this.state === 'error') return;
    if (state === 'online') {
      if (this.session) this.set('online', null);
      return;
    }
    if (state === 'reconnecting') {
      // Keep the URL: ngrok gives the same one back when the session reconnects.
      this.set('reconnecting', detail ? describeTunnelError(detail, [authtoken]) : null);
      return;
    }
    const session = this.session;
    this.session = null;
    this.url = null;
    void session?.close().catch(() => undefined);
    this.set('error', {
      code: 'unknown',
      message: `The tunnel was closed by ngrok: ${detail ?? 'no reason given'}.`,
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

import { fingerprint } from '../crypto/random-token';
import { CheckHttp, CheckHttpError, type CheckRequest, type CheckResponse, type RawExchange } from './check-http';
import type { CheckExchange, CheckProfile, CheckRun, CheckStep } from './check-run';
import type { CheckSource } from './check-sources';

/** A step as a profile declares it, before it runs. */
export interface StepSpec {
  id: string;
  title: string;
  chatgpt: string;
  /** Where the step's rules come from, cited when it fails without a more precise source. */
  source: CheckSource;
  inferred?: boolean;
}

/** Ends the step: ChatGPT would not go on. */
export class StepFailure extends Error {
  constructor(
    readonly reason: string,
    readonly source?: CheckSource,
  ) {
    super(reason);
  }
}

/** Ends the step as skipped: it does not apply to what was found (the run goes on). */
export class StepSkip extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

/** What a step's body can do. */
export interface StepContext {
  send(url: string, init?: CheckRequest): Promise<CheckResponse>;
  /** Stops the step (and the run) with a reason. */
  fail(reason: string, source?: CheckSource): never;
  /** The step does not apply: skipped, with the reason. */
  skip(reason: string): never;
  /** The step passes with a remark. */
  warn(reason: string, source?: CheckSource): void;
  detail(line: string): void;
  /** A value never shown in full (token, code, secret, ticket). */
  secret(value: string | undefined | null): void;
}

interface StepState extends Omit<CheckStep, 'exchanges'> {
  exchanges: RawExchange[];
}

/**
 * Runs a profile's steps in order and keeps the run's state: each step passes, warns or fails; after a failure the
 * rest are skipped, as ChatGPT stops there. Every change is reported through `onChange` with a masked snapshot.
 */
export class CheckSession {
  private readonly steps: StepState[];
  private readonly secrets = new Set<string>();
  private current: StepState | null = null;
  private failed = false;
  private finishedAt: string | null = null;
  readonly http: CheckHttp;
  user: string | null = null;

  constructor(
    readonly id: string,
    readonly profile: CheckProfile,
    readonly url: string,
    readonly flowId: string,
    specs: StepSpec[],
    private readonly onChange: (run: CheckRun) => void,
    private readonly startedAt = new Date().toISOString(),
    /**
     * ChatGPT stops at a failure, so the rest is skipped; the server check's probes are independent: all run, and each
     * cites its spec whatever its verdict.
     */
    private readonly independentSteps = false,
  ) {
    this.steps = specs.map((spec) => ({
      id: spec.id,
      title: spec.title,
      chatgpt: spec.chatgpt,
      inferred: spec.inferred ?? false,
      verdict: 'pending',
      reason: null,
      source: independentSteps ? spec.source : null,
      details: [],
      exchanges: [],
    }));
    this.sources = new Map(specs.map((spec) => [spec.id, spec.source]));
    this.http = new CheckHttp(flowId, (exchange) => {
      this.current?.exchanges.push(exchange);
      this.changed();
    });
  }

  private readonly sources: Map<string, CheckSource>;

  get hasFailed(): boolean {
    return this.failed;
  }

  /** Runs one step unless an earlier one failed; returns the body's value, or undefined when it failed or was skipped. */
  async step<T>(id: string, body: (step: StepContext) => Promise<T>): Promise<T | undefined> {
    const state = this.steps.find((step) => step.id === id);
    if (!state) throw new Error(`no step ${id}`);
    if (this.failed && !this.independentSteps) return undefined;
    this.current = state;
    state.verdict = 'running';
    this.changed();
    const context: StepContext = {
      send: async (url, init) => {
        const response = await this.http.send(url, init);
        this.changed();
        return response;
      },
      fail: (reason, source) => {
        throw new StepFailure(reason, source);
      },
      skip: (reason) => {
        throw new StepSkip(reason);
      },
      warn: (reason, source) => {
        state.verdict = 'warn';
        state.reason = state.reason ? `${state.reason} ${reason}` : reason;
        if (this.independentSteps && source) state.source = source;
        else state.source ??= source ?? this.sources.get(id)!;
      },
      detail: (line) => {
        state.details.push(line);
      },
      secret: (value) => {
        if (value && value.length >= 8) this.secrets.add(value);
      },
    };
    try {
      const value = await body(context);
      if (state.verdict === 'running') state.verdict = 'pass';
      return value;
    } catch (error) {
      if (error instanceof StepSkip) {
        state.verdict = 'skipped';
        state.reason = error.reason;
        return undefined;
      }
      state.verdict = 'fail';
      this.failed = true;
      if (error instanceof StepFailure) {
        state.reason = error.reason;
        state.source = error.source ?? this.sources.get(id)!;
      } else if (error instanceof CheckHttpError) {
        state.reason = `${this.independentSteps ? 'No answer' : 'ChatGPT would get no answer'}: ${error.message}.`;
        state.source = this.sources.get(id)!;
      } else {
        state.reason = `The check itself failed: ${error instanceof Error ? error.message : String(error)}`;
      }
      return undefined;
    } finally {
      this.current = null;
      this.changed();
    }
  }

  /** A fault of the check itself outside any step: the first step not yet run carries it, so the run ends failed. */
  abort(error: unknown): void {
    const step = this.steps.find((candidate) => candidate.verdict === 'pending' || candidate.verdict === 'running');
    if (!step) return;
    step.verdict = 'fail';
    step.reason = `The check itself failed: ${error instanceof Error ? error.message : String(error)}`;
    this.failed = true;
  }

  /** Marks what was never reached as skipped and the run as finished. */
  finish(): CheckRun {
    for (const step of this.steps) if (step.verdict === 'pending') step.verdict = 'skipped';
    this.finishedAt = new Date().toISOString();
    const run = this.snapshot();
    this.onChange(run);
    return run;
  }

  /** Every exchange of the run, for linking to traffic entries. */
  exchanges(): RawExchange[] {
    return this.steps.flatMap((step) => step.exchanges);
  }

  private pendingChange = false;

  /** Reports the run once per turn of the event loop however many things changed in it (a run's snapshot can be large). */
  changed(): void {
    if (this.pendingChange) return;
    this.pendingChange = true;
    setImmediate(() => {
      this.pendingChange = false;
      if (this.finishedAt === null) this.onChange(this.snapshot());
    });
  }

  snapshot(): CheckRun {
    return {
      id: this.id,
      profile: this.profile,
      url: this.url,
      flowId: this.flowId,
      state: this.finishedAt === null ? 'running' : this.failed ? 'failed' : 'passed',
      user: this.user,
      startedAt: this.startedAt,
      finishedAt: this.finishedAt,
      steps: this.steps.map((step) => ({
        ...step,
        details: step.details.map((line) => this.mask(line)),
        exchanges: step.exchanges.map((exchange) => this.maskExchange(exchange)),
      })),
    };
  }

  private mask(text: string): string {
    let masked = text;
    for (const secret of this.secrets) masked = masked.split(secret).join(fingerprint(secret));
    return masked;
  }

  private maskHeaders(headers: Record<string, string>): Record<string, string> {
    const masked: Record<string, string> = {};
    for (const [name, value] of Object.entries(headers)) {
      const lower = name.toLowerCase();
      if (lower === 'authorization')
        masked[name] = value.replace(
          /^(\S+)\s+(.+)$/,
          (_all, scheme: string, credentials: string) => `${scheme} ${fingerprint(credentials)}`,
        );
      else if (lower === 'cookie' || lower === 'set-cookie')
        masked[name] = value.replace(/=([^;,\s]+)/g, (_all, cookie: string) => `=${fingerprint(cookie)}`);
      else masked[name] = this.mask(value);
    }
    return masked;
  }

  private maskExchange(exchange: RawExchange): CheckExchange {
    const { request, response } = exchange;
    return {
      request: {
        method: request.method,
        url: this.mask(request.url),
        headers: this.maskHeaders(request.headers),
        body: request.body === null ? null : this.mask(request.body),
      },
      response: response && { status: response.status, headers: this.maskHeaders(response.headers), body: this.mask(response.body) },
      error: exchange.error,
      entryId: exchange.entryId,
    };
  }
}

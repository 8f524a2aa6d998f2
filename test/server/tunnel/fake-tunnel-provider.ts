import type { TunnelOpenOptions, TunnelProvider, TunnelSession } from '../../../server/tunnel/tunnel-provider';

/** One open() call the test can answer: succeed with a URL, fail with an SDK-like error, or never answer. */
export class PendingOpen {
  readonly options: TunnelOpenOptions;
  closed = false;
  private settle!: { resolve: (session: TunnelSession) => void; reject: (error: unknown) => void };
  readonly promise: Promise<TunnelSession>;

  constructor(options: TunnelOpenOptions) {
    this.options = options;
    this.promise = new Promise<TunnelSession>((resolve, reject) => {
      this.settle = { resolve, reject };
    });
  }

  succeed(url: string): void {
    this.settle.resolve({
      url,
      close: async () => {
        this.closed = true;
      },
    });
  }

  fail(error: unknown): void {
    this.settle.reject(error);
  }

  /** What the SDK does when the connection drops and comes back. */
  drop(detail = 'connection reset by peer'): void {
    this.options.onConnectionChange('reconnecting', detail);
  }

  recover(): void {
    this.options.onConnectionChange('online');
  }
}

/** A TunnelProvider the test drives step by step; every open() is recorded. */
export class FakeTunnelProvider implements TunnelProvider {
  readonly opens: PendingOpen[] = [];

  open(options: TunnelOpenOptions): Promise<TunnelSession> {
    const pending = new PendingOpen(options);
    this.opens.push(pending);
    return pending.promise;
  }

  get last(): PendingOpen {
    const pending = this.opens.at(-1);
    if (!pending) throw new Error('open() was never called');
    return pending;
  }
}

/** An error shaped like the ones @ngrok/ngrok throws. */
export function ngrokError(message: string, errorCode?: string): Error {
  const error = new Error(errorCode ? `${message} error_code: ${errorCode}` : message) as Error & {
    code: string;
    errorCode?: string;
  };
  error.code = 'GenericFailure';
  if (errorCode) error.errorCode = errorCode;
  return error;
}

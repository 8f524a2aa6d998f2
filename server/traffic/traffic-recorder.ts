import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Settings } from '../settings/settings';
import { type BuildContext, captureExchange, type RawExchange } from './entry-builder';
import { EntryPipeline } from './entry-pipeline';
import type { JwtKeys } from './jwt/signature-verdicts';
import type { ClientHosts } from './mcp-host-of';
import type { PreparedEntry } from './prepared-entry';
import { ResponseCapture } from './response-capture';
import type { ClientSecrets } from './secret-fingerprint';
import type { TrafficKind } from './traffic-entry';
import { newTrafficId } from './traffic-id';
import type { TrafficLog } from './traffic-log';

export interface TrafficRecorderOptions {
  log: TrafficLog;
  getSettings: () => Settings;
  /** The configured client secret, for the "matches / does not match" verdicts. */
  /** Asked for a presented client secret's verdict (the client registry). */
  secrets: ClientSecrets;
  /** A kind for requests no handler annotated, before the path-based default. */
  classify?: (method: string, path: string) => TrafficKind | undefined;
  /** How long after a sign-in's redirect a token request may come before "ChatGPT never called the token URL". */
  tokenWaitMs?: number;
  /** Bytes of each body kept in an entry. Default 64 KiB. */
  bodyLimit?: number;
  /** A request the recorder could not turn into a full entry (it logs a bare one instead). */
  onError?: (error: unknown) => void;
  /** Handshake's signing keys: JWTs in the traffic are decoded and their signatures checked against the JWKS. */
  keys?: JwtKeys;
  /** This Handshake's issuer for a request (its public base URL), which JWTs' `iss` is judged against. */
  issuerOf?: (req: Request) => string;
  /** A registered client's MCP host (the client registry). */
  clientHosts?: ClientHosts;
}

export interface TrafficRecorder extends RequestHandler {
  /** Builds the entries of every finished request now and waits for the history to be written. */
  flush(): Promise<void>;
  /** Stops pending "token never requested" timers. */
  close(): void;
}

/**
 * Express middleware, mounted first on the public app, that turns every request into a traffic entry.
 *
 * On the request path it only notes the start time, wraps res.write/res.end (keeping chunk references) and
 * listens for 'close'. Copying the exchange out, reading bodies, masking, diagnosing and serialising happen in a
 * batch on setImmediate. The lead's body parsers keep the raw request bytes on `req.rawBody` (express.json/urlencoded
 * `verify`).
 */
export function createTrafficRecorder(options: TrafficRecorderOptions): TrafficRecorder {
  const { log } = options;
  const bodyLimit = options.bodyLimit ?? 64 * 1024;
  const pipeline = new EntryPipeline({
    tokenWaitMs: options.tokenWaitMs ?? 60_000,
    onNote: (entryId, note) => void log.addNote(entryId, note),
    onError: options.onError ?? ((error: unknown) => console.warn('traffic recorder:', error)),
    keys: options.keys,
    onFlowHost: (flowId, mcpHost) => void log.setFlowHost(flowId, mcpHost),
  });
  let finished: RawExchange[] = [];
  let drainScheduled = false;
  /** Entries still waiting for a JWT signature check; later ones queue behind them, so the log keeps arrival order. */
  let pending: Promise<void> | null = null;

  function drain(): void {
    drainScheduled = false;
    if (finished.length === 0) return;
    const batch = finished;
    finished = [];
    const context: BuildContext = {
      settings: options.getSettings(),
      secrets: options.secrets,
      bodyLimit,
      clientHosts: options.clientHosts,
    };
    const build = (raw: RawExchange) => pipeline.build(captureExchange(raw, options.classify, options.issuerOf), context);
    if (pending) {
      wait(pending.then(() => appendInOrder(batch, 0, build)));
      return;
    }
    for (let i = 0; i < batch.length; i++) {
      const built = build(batch[i]);
      if (built instanceof Promise) {
        wait(built.then((entry) => appendInOrder(batch, i + 1, build, entry)));
        return;
      }
      log.appendPrepared(built);
    }
  }

  async function appendInOrder(
    batch: RawExchange[],
    from: number,
    build: (raw: RawExchange) => PreparedEntry | Promise<PreparedEntry>,
    first?: PreparedEntry,
  ): Promise<void> {
    if (first) log.appendPrepared(first);
    for (let i = from; i < batch.length; i++) log.appendPrepared(await build(batch[i]));
  }

  function wait(work: Promise<void>): void {
    const settled = work.then(
      () => {
        if (pending === settled) pending = null;
      },
      (error: unknown) => {
        if (pending === settled) pending = null;
        (options.onError ?? console.warn)(error);
      },
    );
    pending = settled;
  }

  const recorder = (req: Request, res: Response, next: NextFunction): void => {
    const startedAt = performance.now();
    const time = Date.now();
    const id = newTrafficId(time);
    const url = req.originalUrl ?? req.url;
    const capture = new ResponseCapture(bodyLimit);
    capture.attach(res);
    res.once('close', () => {
      finished.push({ id, time, durationMs: performance.now() - startedAt, aborted: !res.writableFinished, url, req, res, capture });
      if (!drainScheduled) {
        drainScheduled = true;
        setImmediate(drain);
      }
    });
    next();
  };

  return Object.assign(recorder, {
    flush: async () => {
      drain();
      while (pending) await pending;
      await log.flush();
    },
    close: () => pipeline.close(),
  });
}

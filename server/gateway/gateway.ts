import { type ClientRequest, Agent as HttpAgent, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { type NextFunction, type Request, type RequestHandler, type Response, Router } from 'express';
import { createProxyMiddleware, fixRequestBody } from 'http-proxy-middleware';
import type { Settings } from '../settings/settings';
import { addNote, annotate } from '../traffic/annotations';
import { applyIdentityHeaders, type GatewayAuth } from './identity-headers';
import { describeUpstreamFailure, type UpstreamFailure } from './upstream-failure';

export interface GatewayOptions {
  getSettings: () => Settings;
  /** Where requests go; by default settings.upstream, with the request's path appended. */
  upstreamOf?: (settings: Settings) => string;
  /** The upstream is an endpoint (the MCP server's URL): every request goes to exactly it, whatever the path it came in on. */
  exactEndpoint?: boolean;
  /** What the upstream is called in messages ("API", "MCP server"). */
  subject?: string;
  /** The traffic kind of a forwarded request. */
  kind?: 'api' | 'mcp';
  /** The body of the 502 when the upstream cannot be reached. */
  failureBody?: (message: string) => unknown;
  /** Sees the upstream's answer before it is relayed; returns true when it answered the client itself. */
  inspectAnswer?: (answer: IncomingMessage, req: Request, res: Response, upstream: string) => boolean;
  /** The bearer middleware: on success it sets res.locals.auth (GatewayAuth) and calls next; otherwise it answers 401. */
  authenticate: RequestHandler;
  /** Told about every request that could not be forwarded (after the 502 or the aborted stream). */
  onUpstreamError?: (failure: UpstreamFailure, req: Request) => void;
  /** How long the upstream may stay silent (before or during its answer). Default 30 s (ChatGPT itself waits 45 s). */
  upstreamTimeoutMs?: number;
}

export const defaultUpstreamTimeoutMs = 30_000;

/** Request bytes kept on req.rawBody for the traffic recorder (which keeps less still); the upstream gets all. */
export const loggedRequestBodyBytes = 1024 * 1024;

interface RequestState {
  upstream: string;
  timedOut: boolean;
  /** The headers as the client sent them, put back once http-proxy has copied the rewritten ones. */
  clientHeaders?: IncomingHttpHeaders;
}

/**
 * The gateway to the developer's own API: when settings.upstream is set, every request that reaches it is
 * authenticated, stripped of any X-Handshake-* header (and of its bearer token unless Settings forward it), given the verified identity
 * headers, and streamed to the upstream (and the answer streamed back). When upstream is '' it passes the
 * request on untouched (the built-in demo API answers). Mount it at the root, after Handshake's own routes.
 *
 * Body parsers must not run before it, or the request body is no longer a stream (fixRequestBody re-sends a
 * parsed body, but streaming is lost).
 */
export function createGateway(options: GatewayOptions): RequestHandler {
  const timeoutMs = options.upstreamTimeoutMs ?? defaultUpstreamTimeoutMs;
  const upstreamOf = options.upstreamOf ?? ((settings: Settings) => settings.upstream);
  const subject = options.subject ?? 'API';
  const failureBody = options.failureBody ?? ((message: string) => ({ error: 'bad_gateway', message }));
  const states = new WeakMap<IncomingMessage, RequestState>();

  // Proxies live as long as the app; the target is the upstream captured when the request arrived. Without a
  // keep-alive agent http-proxy opens a new connection per request ("Connection: close"), which costs ~100x in
  // throughput; an agent serves one protocol, hence one proxy per protocol.
  const makeProxy = (agent: HttpAgent) =>
    createProxyMiddleware<Request, Response>({
      agent,
      router: (req) => {
        const upstream = states.get(req)?.upstream;
        return upstream && options.exactEndpoint ? new URL(upstream).origin : upstream;
      },
      changeOrigin: true,
      xfwd: true,
      proxyTimeout: timeoutMs,
      on: {
        // Emitted synchronously right before http-proxy copies req.headers into the upstream request, so a
        // microtask runs just after the copy: the traffic log then sees what the client really sent.
        start: (req) => {
          queueMicrotask(() => restoreClientHeaders(req));
          keepRequestBodyForTheLog(req);
        },
        proxyReq: (proxyReq: ClientRequest, req: Request) => {
          proxyReq.on('timeout', () => {
            const state = states.get(req);
            if (state) state.timedOut = true;
          });
          fixRequestBody(proxyReq, req);
        },
        // http-proxy pipes the upstream answer without watching it: if the upstream dies mid-answer, end ours too.
        proxyRes: (proxyRes, req, res) => {
          proxyRes.on('error', () => undefined);
          // Answering here, before http-proxy writes anything, makes it skip relaying the upstream's answer.
          if (options.inspectAnswer?.(proxyRes, req, res, states.get(req)?.upstream ?? '(unknown)')) {
            proxyRes.resume();
            return;
          }
          proxyRes.on('close', () => {
            // res.destroyed: the client left first (http-proxy then aborts the upstream request): not the API's fault.
            if (proxyRes.complete || res.destroyed) return;
            const upstream = states.get(req)?.upstream ?? '(unknown)';
            addNote(
              res,
              'error',
              'upstream_aborted',
              `Your ${subject} at ${upstream} stopped in the middle of its answer (connection closed); the client got a cut answer.`,
            );
            options.onUpstreamError?.(
              { reason: 'reset', upstream, message: `Your ${subject} at ${upstream} closed the connection in the middle of its answer.` },
              req,
            );
            res.destroy();
          });
        },
        error: (error, req, res) => {
          const state = states.get(req as Request);
          const failure = describeUpstreamFailure(error as NodeJS.ErrnoException, state?.upstream ?? '(unknown)', {
            timedOut: state?.timedOut ?? false,
            timeoutMs,
            subject,
          });
          if (!('writeHead' in res)) {
            res.destroy();
            return;
          }
          const response = res as Response;
          if (response.headersSent) {
            addNote(
              response,
              'error',
              'upstream_aborted',
              `Your ${subject} at ${failure.upstream} stopped in the middle of its answer: ${failure.message}`,
            );
            response.destroy();
          } else {
            addNote(response, 'error', 'upstream_unreachable', failure.message);
            response.status(502).set('Cache-Control', 'no-store').json(failureBody(failure.message));
          }
          options.onUpstreamError?.(failure, req as Request);
        },
      },
    });
  const proxies = {
    http: makeProxy(new HttpAgent({ keepAlive: true })),
    https: makeProxy(new HttpsAgent({ keepAlive: true })),
  };

  function restoreClientHeaders(req: IncomingMessage): void {
    const state = states.get(req);
    if (!state?.clientHeaders) return;
    req.headers = state.clientHeaders;
    state.clientHeaders = undefined;
  }

  const captureUpstream = (req: Request, _res: Response, next: NextFunction) => {
    const upstream = upstreamOf(options.getSettings());
    if (!upstream) return next('router');
    states.set(req, { upstream, timedOut: false });
    next();
  };

  const forward = (req: Request, res: Response, next: NextFunction) => {
    const auth = (res.locals as { auth?: GatewayAuth }).auth;
    if (!auth) return next(new Error('gateway: authenticate called next() without setting res.locals.auth'));
    annotate(res, { kind: options.kind ?? 'api', userId: auth.user.id, userEmail: auth.user.email });
    const state = states.get(req);
    if (!state) return next(new Error('gateway: no upstream captured for this request'));
    // http-proxy (and its X-Forwarded-* pass) reads and writes req.headers: hand it a rewritten copy.
    state.clientHeaders = req.headers;
    const upstreamHeaders = { ...req.headers };
    applyIdentityHeaders(upstreamHeaders, auth, options.getSettings().forwardAuthorization);
    req.headers = upstreamHeaders;
    res.once('close', () => restoreClientHeaders(req));
    if (options.exactEndpoint) {
      const endpoint = new URL(state.upstream);
      req.url = endpoint.pathname + (endpoint.search || new URL(req.url, 'http://x').search);
    }
    void (state.upstream.startsWith('https:') ? proxies.https : proxies.http)(req, res, next);
  };

  const gateway = Router();
  gateway.use(captureUpstream, options.authenticate, forward);
  return gateway;
}

/**
 * The body streams to the upstream, so no parser fills req.rawBody (where the traffic recorder reads request
 * bodies): watch the stream and keep its first bytes. Called from http-proxy's 'start', in the same tick as its
 * pipe() to the upstream, so attaching a 'data' listener here loses nothing.
 */
function keepRequestBodyForTheLog(req: IncomingMessage & { rawBody?: Buffer }): void {
  if (req.rawBody) return;
  const kept: Buffer[] = [];
  let size = 0;
  req.on('data', (chunk: Buffer) => {
    if (size >= loggedRequestBodyBytes) return;
    const part = chunk.subarray(0, loggedRequestBodyBytes - size);
    kept.push(part);
    size += part.length;
  });
  req.on('end', () => {
    req.rawBody = Buffer.concat(kept);
  });
}

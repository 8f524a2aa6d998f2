import express, { type Express, type NextFunction, type Request, type RequestHandler, type Response, Router } from 'express';
import { hostHeaderCount, repeatedHostMessage } from '../http/host-headers';
import { securityHeaders } from '../http/security-headers';
import { mountMcpRoute } from '../mcp/mcp-route';
import { createBearerAuthentication } from '../oauth/bearer-authentication';
import { addNote } from '../traffic/annotations';
import { rememberSentJson } from '../traffic/sent-json';
import { describeBodyParserError, isBodyParserError } from './body-parsers';
import type { PublicContext } from './public-context';
import { mountAuthorizeRoute } from './routes/authorize-route';
import { demoApiRoute } from './routes/demo-api-route';
import { mountIntrospectRoute } from './routes/introspect-route';
import { mountMetadataRoute } from './routes/metadata-route';
import { mountPluginFiles } from './routes/plugin-files-route';
import { mountRegisterRoute } from './routes/register-route';
import { mountRevokeRoute } from './routes/revoke-route';
import { mountTokenRoute } from './routes/token-route';
import { mountUserInfoRoute } from './routes/userinfo-route';

export interface PublicAppOptions {
  /** Mounted first: records every request for the traffic log. */
  recorder?: RequestHandler;
  /** When settings.upstream is set: forwards authenticated API requests to the developer's API. */
  gateway?: {
    handler(authenticate: RequestHandler): RequestHandler;
    loadSpec(baseUrl: string): Promise<{ contentType: string; body: string }>;
  };
  log?: (line: string) => void;
}

/**
 * The public listener: the only surface a tunnel reaches. It carries no management route —
 * nothing here can change settings or read the log.
 */
export function createPublicApp(context: PublicContext, options: PublicAppOptions = {}): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');
  if (options.recorder) {
    rememberSentJson(app);
    app.use(options.recorder);
  }
  app.use((req, res, next) => {
    if (hostHeaderCount(req.rawHeaders) <= 1) return next();
    addNote(res, 'error', 'host_repeated', repeatedHostMessage);
    res.status(400).json({ error: 'invalid_request', error_description: 'more than one Host header' });
  });
  app.use(
    securityHeaders({
      contentSecurityPolicy: {
        useDefaults: false,
        // form-action is left out on purpose: Chrome applies it to the redirect after the login form.
        directives: {
          defaultSrc: ["'none'"],
          styleSrc: ["'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
          frameAncestors: ["'none'"],
          baseUri: ["'none'"],
        },
      },
      strictTransportSecurity: false,
      crossOriginResourcePolicy: { policy: 'cross-origin' },
    }),
  );

  // The plugin's REST API (demo or gateway): its resource identifier is the public origin itself.
  const authenticate = createBearerAuthentication(context.store, (req) => ({ identifier: context.baseUrl(req) }));
  // One router for every protocol route: each nested router a request passes through costs it more than a route.
  const protocol = Router();
  mountTokenRoute(protocol, context);
  mountPluginFiles(protocol, context, options.gateway?.loadSpec);
  mountMetadataRoute(protocol, context);
  mountAuthorizeRoute(protocol, context);
  mountRegisterRoute(protocol, context);
  mountIntrospectRoute(protocol, context);
  mountRevokeRoute(protocol, context);
  mountUserInfoRoute(protocol, context);
  app.use(protocol);

  mountMcpRoute(app, context);
  const demo = demoApiRoute(context, authenticate);
  const gateway = options.gateway?.handler(authenticate);
  app.use((req, res, next) => (gateway && context.store.settings.get().upstream ? gateway(req, res, next) : demo(req, res, next)));

  app.use((req, res) => {
    res.status(404).json({ error: 'not_found', error_description: `nothing is served at ${req.method} ${req.path}` });
  });

  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    if (res.headersSent) return res.end();
    if (isBodyParserError(error) && error.status < 500) {
      addNote(res, 'error', 'body_unreadable', describeBodyParserError(error));
      return res.status(400).json({ error: 'invalid_request', error_description: describeBodyParserError(error) });
    }
    // Express's own refusals, e.g. a path parameter that is not valid percent-encoding: the client's fault, not ours.
    const status = (error as { status?: unknown } | null)?.status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      const description = error instanceof URIError ? 'the URL is not correctly percent-encoded' : 'the request could not be read';
      addNote(res, 'error', 'request_unreadable', `Refused before any handler ran: ${description}.`);
      return res.status(400).json({ error: 'invalid_request', error_description: description });
    }
    (options.log ?? console.error)(`Handshake: ${req.method} ${req.path} failed: ${(error as Error)?.stack ?? error}`);
    addNote(res, 'error', 'internal_error', `Handshake failed while answering: ${(error as Error)?.message ?? error}`);
    res.status(500).json({ error: 'server_error', error_description: 'internal error' });
  });
  return app;
}

import express, { type Express, Router } from 'express';
import { securityHeaders } from '../../http/security-headers';
import type { ControlApi } from '../control-api';
import { bearerAuth } from './bearer-auth';
import { contractRouter } from './contract-router';
import { refuse } from './control-error-response';
import { dashboardRoutes } from './dashboard';
import { eventRoutes } from './event-routes';
import { jsonBody } from './json-body';
import { loopbackGuard } from './loopback-guard';
import type { EventStream, EventStreamOptions } from './sse';

export interface ControlAppOptions {
  control: ControlApi;
  token: string;
  /** The port we listen on: the Host and Origin checks allow only loopback names with it. */
  port: number;
  staticDir?: string;
  /** Server-side detail of failed calls; never sent to clients. */
  log: (line: string) => void;
  /** Open SSE streams, so closing the server can end them. */
  openStreams: Set<EventStream>;
  events: EventStreamOptions;
}

/** The control listener's request handler: guard → security headers → /api (token) | dashboard (no token). */
export function createControlApp(options: ControlAppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);

  app.use(loopbackGuard(options.port));
  app.use(
    securityHeaders({
      contentSecurityPolicy: {
        directives: {
          // Plain http on loopback: upgrading would break the dashboard's own requests.
          upgradeInsecureRequests: null,
          frameAncestors: ["'none'"],
        },
      },
      strictTransportSecurity: false,
      xFrameOptions: { action: 'deny' },
    }),
  );

  const api = Router();
  api.use((_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  api.use(bearerAuth(options.token));
  api.use(eventRoutes(options.control, options.openStreams, options.events));
  api.use(jsonBody());
  api.use(contractRouter(options.control, options.log));
  api.use((req, res) => refuse(res, 'not_found', `No control route ${req.method} ${req.baseUrl}${req.path}.`));
  app.use('/api', api);

  app.use(dashboardRoutes(options.staticDir));

  // Express's own refusals (a badly encoded path parameter) and, as a last resort, anything unexpected:
  // a stack must never reach a client.
  app.use((error: unknown, req: express.Request, res: express.Response, _next: express.NextFunction) => {
    const status = (error as { status?: unknown } | null)?.status;
    if (!res.headersSent && typeof status === 'number' && status >= 400 && status < 500) {
      refuse(
        res,
        'invalid_input',
        error instanceof URIError ? 'The URL is not correctly percent-encoded.' : 'The request could not be read.',
      );
      return;
    }
    options.log(
      `control listener: ${req.method} ${req.path} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    if (res.headersSent) {
      res.end();
      return;
    }
    refuse(res, 'failed', 'internal error');
  });
  return app;
}

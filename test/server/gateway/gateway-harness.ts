import { once } from 'node:events';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express, type RequestHandler } from 'express';
import { createGateway, type GatewayOptions } from '../../../server/gateway/gateway';
import type { GatewayAuth } from '../../../server/gateway/identity-headers';
import { defaultSettings, type Settings } from '../../../server/settings/settings';
import { annotations, type TrafficAnnotations } from '../../../server/traffic/annotations';

export const goodToken = 'good-access-token-0123456789';

export const alice: GatewayAuth = {
  user: { id: 'user-alice', email: 'alice@example.com', name: 'Alice Example' },
  grant: { id: 'grant-1', scope: 'todos:read todos:write' },
};

/**
 * Stands in for the lead's bearer middleware: one valid token → alice, anything else → 401.
 * The real one is tested end to end through the core.
 */
export function testAuthenticate(auth: GatewayAuth = alice): RequestHandler {
  return (req, res, next) => {
    if (req.headers.authorization !== `Bearer ${goodToken}`) {
      res.status(401).set('WWW-Authenticate', 'Bearer').json({ error: 'invalid_token' });
      return;
    }
    res.locals.auth = auth;
    next();
  };
}

export async function listen(
  app: Express | ((req: never, res: never) => void),
): Promise<{ server: Server; url: string; close: () => Promise<void> }> {
  const server = (app as Express).listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    server,
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

export interface Recorded {
  path: string;
  status: number;
  traffic: TrafficAnnotations;
  /** req.headers as the traffic recorder reads them: after the response, on the next turn of the event loop. */
  requestHeaders: IncomingHttpHeaders;
}

/** The public app as the lead builds it, reduced to: a recorder, the gateway, and a demo API behind it. */
export function gatewayApp(settings: () => Settings, extra: Partial<GatewayOptions> = {}) {
  const recorded: Recorded[] = [];
  const app = express();
  app.use((req, res, next) => {
    res.on('close', () =>
      setImmediate(() =>
        recorded.push({ path: req.path, status: res.statusCode, traffic: annotations(res), requestHeaders: { ...req.headers } }),
      ),
    );
    next();
  });
  app.use(createGateway({ getSettings: settings, authenticate: testAuthenticate(), ...extra }));
  app.get('/demo', (_req, res) => {
    res.json({ served: 'demo' });
  });
  return { app, recorded };
}

export function settingsWith(upstream: string): Settings {
  return { ...defaultSettings, upstream };
}

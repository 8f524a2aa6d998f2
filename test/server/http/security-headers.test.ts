import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type RequestHandler } from 'express';
import helmet, { type HelmetOptions } from 'helmet';
import { afterEach, describe, expect, it } from 'vitest';
import { securityHeaders } from '../../../server/http/security-headers';
import { httpRequest } from '../support/http-request';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

/** A real server whose one route answers after `headers` ran; Express's own X-Powered-By stays on, as helmet removes it. */
async function headersSentWith(middleware: RequestHandler): Promise<Record<string, unknown>> {
  const app = express();
  app.use(middleware);
  app.get('/page', (_req, res) => void res.type('html').send('<p>hi</p>'));
  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  servers.push(server);
  const { headers } = await httpRequest(`http://127.0.0.1:${(server.address() as AddressInfo).port}/page`);
  const { date: _date, ...rest } = headers;
  return rest;
}

const optionSets: Record<string, HelmetOptions> = {
  'helmet defaults': {},
  'the public app (own CSP, no HSTS, cross-origin resources)': {
    contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
    strictTransportSecurity: false,
    crossOriginResourcePolicy: { policy: 'cross-origin' },
  },
  'the control app (default CSP without upgrade, X-Frame-Options deny)': {
    contentSecurityPolicy: { directives: { upgradeInsecureRequests: null, frameAncestors: ["'none'"] } },
    strictTransportSecurity: false,
    xFrameOptions: { action: 'deny' },
  },
};

describe('securityHeaders: helmet worked out once', () => {
  for (const [name, options] of Object.entries(optionSets)) {
    it(`sends exactly what helmet sends, for ${name}`, async () => {
      const fromHelmet = await headersSentWith(helmet(options));
      const replayed = await headersSentWith(securityHeaders(options));
      expect(fromHelmet['content-security-policy']).toBeTruthy();
      expect(fromHelmet['x-powered-by']).toBeUndefined();
      expect(replayed).toEqual(fromHelmet);
    });
  }

  it('refuses options that would make a header differ between requests', () => {
    const perRequestNonce = { contentSecurityPolicy: { directives: { scriptSrc: [() => "'nonce-abc'"] } } } as unknown as HelmetOptions;
    expect(() => securityHeaders(perRequestNonce)).toThrow(/static/);
  });
});

import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import express from 'express';
import { createGateway } from '../../../server/gateway/gateway';
import type { UpstreamFailure } from '../../../server/gateway/upstream-failure';
import type { Settings } from '../../../server/settings/settings';
import { closedPort } from '../support/closed-port';
import { alice, gatewayApp, goodToken, listen, settingsWith, testAuthenticate } from './gateway-harness';

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

let upstreamSeen: Seen[];
let upstream: Awaited<ReturnType<typeof listen>>;
let closers: (() => Promise<void>)[];

function echoUpstream() {
  const app = express();
  app.use((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const seen = { method: req.method, url: req.originalUrl, headers: req.headers, body: Buffer.concat(chunks).toString() };
      upstreamSeen.push(seen);
      res
        .status(req.path === '/created' ? 201 : 200)
        .set('X-Upstream', 'yes')
        .json(seen);
    });
  });
  return app;
}

async function start(settings: () => Settings, extra = {}) {
  const { app, recorded } = gatewayApp(settings, extra);
  const gateway = await listen(app);
  closers.push(gateway.close);
  return { url: gateway.url, recorded };
}

const bearer = { authorization: `Bearer ${goodToken}` };

beforeEach(async () => {
  upstreamSeen = [];
  closers = [];
  upstream = await listen(echoUpstream());
  closers.push(upstream.close);
});

afterEach(async () => {
  for (const close of closers.reverse()) await close();
});

describe('gateway to the developer API', () => {
  it('forwards method, path, query and body with the verified identity, and the bearer token as sent (its audience is the upstream)', async () => {
    const { url } = await start(() => settingsWith(upstream.url));
    const response = await fetch(`${url}/todos/7?done=true`, {
      method: 'POST',
      headers: { ...bearer, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'milk' }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-upstream')).toBe('yes');
    const seen = (await response.json()) as Seen;
    expect(seen).toMatchObject({ method: 'POST', url: '/todos/7?done=true', body: '{"title":"milk"}' });
    expect(seen.headers).toMatchObject({
      'x-handshake-user-id': 'user-alice',
      'x-handshake-user-email': 'alice@example.com',
      'x-handshake-user-name': 'Alice Example',
      'x-handshake-scope': 'todos:read todos:write',
    });
    expect(seen.headers.authorization).toBe(`Bearer ${goodToken}`);
  });

  it('keeps the bearer token from the upstream when Settings do not forward it', async () => {
    const { url } = await start(() => ({ ...settingsWith(upstream.url), forwardAuthorization: false }));
    const seen = (await (await fetch(`${url}/todos`, { headers: bearer })).json()) as Seen;
    expect(seen.headers['x-handshake-user-id']).toBe('user-alice');
    expect(seen.headers.authorization).toBeUndefined();
  });

  it('leaves the request headers as the client sent them for the traffic log', async () => {
    const { url, recorded } = await start(() => settingsWith(upstream.url));
    await (await fetch(`${url}/todos`, { headers: { ...bearer, 'x-handshake-user-id': 'user-mallory' } })).text();
    await vi.waitFor(() => expect(recorded).toHaveLength(1));
    expect(upstreamSeen[0].headers['x-handshake-user-id']).toBe('user-alice');
    expect(upstreamSeen[0].headers['x-forwarded-for']).toBeDefined();
    const logged = recorded[0].requestHeaders;
    expect(logged.authorization).toBe(`Bearer ${goodToken}`);
    expect(logged['x-handshake-user-id']).toBe('user-mallory');
    expect(logged['x-handshake-user-email']).toBeUndefined();
    expect(logged['x-forwarded-for']).toBeUndefined();
  });

  it('keeps the request body on req.rawBody for the traffic log while streaming it upstream', async () => {
    const { app, recorded } = gatewayApp(() => settingsWith(upstream.url));
    const bodies: unknown[] = [];
    const outer = express();
    outer.use((req, res, next) => {
      res.on('close', () => setImmediate(() => bodies.push((req as { rawBody?: Buffer }).rawBody?.toString())));
      next();
    });
    outer.use(app);
    const gateway = await listen(outer);
    closers.push(gateway.close);
    await fetch(`${gateway.url}/todos`, {
      method: 'POST',
      headers: { ...bearer, 'content-type': 'application/json' },
      body: '{"title":"eggs"}',
    });
    await vi.waitFor(() => expect(recorded).toHaveLength(1));
    expect(upstreamSeen[0].body).toBe('{"title":"eggs"}');
    await vi.waitFor(() => expect(bodies).toEqual(['{"title":"eggs"}']));
  });

  it('drops X-Handshake-* headers sent by the client: identity cannot be spoofed', async () => {
    const { url } = await start(() => settingsWith(upstream.url));
    const response = await fetch(`${url}/me`, {
      headers: {
        ...bearer,
        'X-Handshake-User-Id': 'user-mallory',
        'x-handshake-user-email': 'mallory@example.com',
        'X-HANDSHAKE-SCOPE': 'admin',
        'X-Handshake-Admin': 'true',
        'X-Handshake-User-Name-Encoding': 'percent',
      },
    });
    const seen = (await response.json()) as Seen;
    expect(seen.headers['x-handshake-user-id']).toBe('user-alice');
    expect(seen.headers['x-handshake-user-email']).toBe('alice@example.com');
    expect(seen.headers['x-handshake-scope']).toBe('todos:read todos:write');
    expect(seen.headers['x-handshake-admin']).toBeUndefined();
    expect(seen.headers['x-handshake-user-name-encoding']).toBeUndefined();
  });

  it('drops spoofed headers also on Expect: 100-continue uploads, and forwards Authorization as sent', async () => {
    const { url } = await start(() => settingsWith(upstream.url));
    const { port } = new URL(url);
    const seen = await new Promise<Seen>((resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port,
          method: 'PUT',
          path: '/upload',
          headers: { ...bearer, expect: '100-continue', 'x-handshake-user-id': 'user-mallory', 'content-type': 'text/plain' },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => resolve(JSON.parse(text) as Seen));
        },
      );
      req.on('error', reject);
      req.on('continue', () => req.end('payload'));
    });
    expect(seen.body).toBe('payload');
    expect(seen.headers['x-handshake-user-id']).toBe('user-alice');
    expect(seen.headers.authorization).toBe(`Bearer ${goodToken}`);
  });

  it('sends names HTTP headers cannot carry percent-encoded, and says so', async () => {
    const custom = express().use(
      createGateway({
        getSettings: () => settingsWith(upstream.url),
        authenticate: testAuthenticate({ ...alice, user: { ...alice.user, name: 'Zoë Łukasz 张伟' } }),
      }),
    );
    const gateway = await listen(custom);
    closers.push(gateway.close);
    const seen = (await (await fetch(`${gateway.url}/me`, { headers: bearer })).json()) as Seen;
    expect(seen.headers['x-handshake-user-name-encoding']).toBe('percent');
    expect(decodeURIComponent(seen.headers['x-handshake-user-name'] as string)).toBe('Zoë Łukasz 张伟');
    expect(seen.headers['x-handshake-user-email-encoding']).toBeUndefined();
  });

  it('answers 401 when authentication refuses, and never calls the upstream', async () => {
    const { url } = await start(() => settingsWith(upstream.url));
    const missing = await fetch(`${url}/todos`);
    expect(missing.status).toBe(401);
    const wrong = await fetch(`${url}/todos`, { headers: { authorization: 'Bearer not-the-token' } });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ error: 'invalid_token' });
    expect(upstreamSeen).toHaveLength(0);
  });

  it('steps aside when no upstream is set: the built-in demo API answers, without authentication by the gateway', async () => {
    const { url } = await start(() => settingsWith(''));
    const response = await fetch(`${url}/demo`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ served: 'demo' });
    expect(upstreamSeen).toHaveLength(0);
  });

  it('follows the upstream setting at runtime with the same gateway', async () => {
    const other = await listen(
      express().use((_req, res) => {
        res.json({ from: 'other' });
      }),
    );
    closers.push(other.close);
    let current = settingsWith(upstream.url);
    const { url } = await start(() => current);
    const first = (await (await fetch(`${url}/which`, { headers: bearer })).json()) as Seen;
    expect(first.url).toBe('/which');

    current = settingsWith(other.url);
    expect(await (await fetch(`${url}/which`, { headers: bearer })).json()).toEqual({ from: 'other' });

    current = settingsWith('');
    expect((await fetch(`${url}/demo`)).status).toBe(200);
  });

  it('keeps an upstream path prefix: /todos goes to <upstream>/api/todos', async () => {
    const { url } = await start(() => settingsWith(`${upstream.url}/api`));
    const seen = (await (await fetch(`${url}/todos?x=1`, { headers: bearer })).json()) as Seen;
    expect(seen.url).toBe('/api/todos?x=1');
  });

  it('answers 502 JSON quickly when the upstream is down, with a diagnosis in the traffic log', async () => {
    const port = await closedPort();
    const failures: UpstreamFailure[] = [];
    const { url, recorded } = await start(() => settingsWith(`http://127.0.0.1:${port}`), {
      onUpstreamError: (failure: UpstreamFailure) => failures.push(failure),
    });
    const startedAt = Date.now();
    const response = await fetch(`${url}/todos`, { headers: bearer });
    expect(Date.now() - startedAt).toBeLessThan(1500);
    expect(response.status).toBe(502);
    const body = (await response.json()) as { error: string; message: string };
    expect(body.error).toBe('bad_gateway');
    expect(body.message).toMatch(/connection refused/);
    expect(body.message).toContain(`127.0.0.1:${port}`);
    expect(JSON.stringify(body)).not.toMatch(/at .*\.(js|ts):\d+/);

    await vi.waitFor(() => expect(recorded).toHaveLength(1));
    expect(recorded[0].status).toBe(502);
    expect(recorded[0].traffic).toMatchObject({ kind: 'api', userId: 'user-alice', userEmail: 'alice@example.com' });
    expect(recorded[0].traffic.notes).toEqual([{ level: 'error', code: 'upstream_unreachable', message: body.message }]);
    expect(failures).toEqual([expect.objectContaining({ reason: 'refused' })]);
  });

  it('answers 502 when the upstream host does not exist', async () => {
    const { url } = await start(() => settingsWith('http://no-such-host.invalid:5000'));
    const response = await fetch(`${url}/todos`, { headers: bearer });
    expect(response.status).toBe(502);
    expect(((await response.json()) as { message: string }).message).toMatch(/could not be found/);
  });

  it('answers 502 after its timeout when the upstream accepts but never answers', async () => {
    const silent = await listen(express().use(() => undefined));
    closers.push(silent.close);
    const { url, recorded } = await start(() => settingsWith(silent.url), { upstreamTimeoutMs: 300 });
    const startedAt = Date.now();
    const response = await fetch(`${url}/slow`, { headers: bearer });
    const elapsed = Date.now() - startedAt;
    expect(response.status).toBe(502);
    expect(((await response.json()) as { message: string }).message).toMatch(/did not answer within 0\.3 seconds/);
    expect(elapsed).toBeGreaterThanOrEqual(250);
    expect(elapsed).toBeLessThan(3000);
    await vi.waitFor(() => expect(recorded[0]?.traffic.notes[0]?.code).toBe('upstream_unreachable'));
  });

  it('passes upstream error statuses through untouched (they are the API talking, not the gateway)', async () => {
    const failing = await listen(
      express().use((_req, res) => {
        res.status(503).json({ error: 'busy' });
      }),
    );
    closers.push(failing.close);
    const { url, recorded } = await start(() => settingsWith(failing.url));
    const response = await fetch(`${url}/x`, { headers: bearer });
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ error: 'busy' });
    await vi.waitFor(() => expect(recorded).toHaveLength(1));
    expect(recorded[0].traffic.notes).toEqual([]);
  });
});

// @vitest-environment node
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ConnectionState } from '../../renderer/bridge/bridge';
import { ControlCallError } from '../../renderer/bridge/control-call-error';
import { createHttpBridge } from '../../renderer/bridge/http-bridge';
import { SseParser } from '../../renderer/bridge/sse-stream';
import type { ControlEvent } from '../../server/control/control-api';

interface Seen {
  method: string;
  url: string;
  auth: string | undefined;
  contentType: string | undefined;
  body: string;
}

/** A real HTTP server on port 0 that plays the control adapter; each test sets how it answers. */
let server: Server;
let origin: string;
let seen: Seen[];
let answer: (req: IncomingMessage, res: ServerResponse, body: string) => void;

beforeEach(async () => {
  seen = [];
  answer = (_req, res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, auth: req.headers.authorization, contentType: req.headers['content-type'], body });
      answer(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('HTTP bridge calls', () => {
  it('sends GET input as a query string with the bearer token', async () => {
    answer = (_req, res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end('[{"id":"t1"}]');
    const bridge = createHttpBridge({ baseUrl: origin, token: 's3cret' });
    const rows = await bridge.listTraffic({ kind: 'token', status: '4xx', q: 'a b&c', limit: 10 });
    expect(rows).toEqual([{ id: 't1' }]);
    expect(seen[0].method).toBe('GET');
    const url = new URL(seen[0].url, origin);
    expect(url.pathname).toBe('/api/traffic');
    expect(Object.fromEntries(url.searchParams)).toEqual({ kind: 'token', status: '4xx', q: 'a b&c', limit: '10' });
    expect(seen[0].auth).toBe('Bearer s3cret');
  });

  it('substitutes path parameters (encoded) and sends other verbs as JSON bodies', async () => {
    const bridge = createHttpBridge({ baseUrl: `${origin}/`, token: 't' });
    await bridge.updateUser({ id: 'u/1 x', password: 'new password' });
    expect(seen[0].method).toBe('PATCH');
    expect(seen[0].url).toBe('/api/users/u%2F1%20x');
    expect(seen[0].contentType).toBe('application/json');
    expect(JSON.parse(seen[0].body)).toEqual({ password: 'new password' });
    await bridge.deleteUser({ id: 'u1' });
    expect(seen[1]).toMatchObject({ method: 'DELETE', url: '/api/users/u1', body: '' });
  });

  it('sends no body for methods without input', async () => {
    const bridge = createHttpBridge({ baseUrl: origin, token: 't' });
    await bridge.rotateClientSecret(undefined);
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/api/client/rotate-secret', body: '' });
  });

  it('accepts 201 for created methods', async () => {
    answer = (_req, res) => res.writeHead(201, { 'Content-Type': 'application/json' }).end('{"id":"u9","email":"a@b.co"}');
    const bridge = createHttpBridge({ baseUrl: origin, token: 't' });
    expect(await bridge.createUser({ email: 'a@b.co', password: '12345678' })).toEqual({ id: 'u9', email: 'a@b.co' });
  });

  it('turns the adapter’s error body into a ControlCallError naming the field', async () => {
    answer = (_req, res) =>
      res
        .writeHead(400, { 'Content-Type': 'application/json' })
        .end('{"error":{"code":"invalid_input","message":"email: Invalid email","field":"email"}}');
    const bridge = createHttpBridge({ baseUrl: origin, token: 't' });
    const failure = await bridge.createUser({ email: 'nope', password: '12345678' }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ControlCallError);
    expect(failure).toMatchObject({ code: 'invalid_input', message: 'email: Invalid email', field: 'email', status: 400 });
  });

  it('reports a non-JSON failure and an unreachable server in plain words', async () => {
    answer = (_req, res) => res.writeHead(502, { 'Content-Type': 'text/html' }).end('<html>bad gateway</html>');
    const bridge = createHttpBridge({ baseUrl: origin, token: 't' });
    await expect(bridge.getStatus(undefined)).rejects.toMatchObject({ code: 'failed', message: 'The request failed (HTTP 502).' });
    const gone = createHttpBridge({ baseUrl: 'http://127.0.0.1:1', token: 't' });
    await expect(gone.getStatus(undefined)).rejects.toMatchObject({ code: 'network' });
  });
});

describe('HTTP bridge events', () => {
  it('reads SSE with the bearer token, across chunk boundaries, and reconnects after the stream ends', async () => {
    let connections = 0;
    answer = (req, res) => {
      if (req.url !== '/api/events') return res.writeHead(404).end();
      connections++;
      res.writeHead(200, { 'Content-Type': 'text/event-stream' });
      res.write(': connected\n\n');
      if (connections === 1) {
        res.write('data: {"type":"traffic-cl');
        setTimeout(() => {
          res.write('eared"}\n\n: heartbeat\n\n');
          res.write('data: {"type":"changed",\ndata: "resource":"users"}\r\n\r\n');
          setTimeout(() => res.end(), 20);
        }, 20);
      } else {
        res.write('data: {"type":"changed","resource":"grants"}\n\n');
      }
    };
    const bridge = createHttpBridge({ baseUrl: origin, token: 'tok', retryMs: { initial: 10, max: 50 } });
    const events: ControlEvent[] = [];
    const states: ConnectionState[] = [];
    const offState = bridge.onConnectionChange!((s) => states.push(s));
    const off = bridge.subscribe((event) => events.push(event));
    await vi.waitFor(() => expect(events).toHaveLength(3), { timeout: 3000 });
    expect(events).toEqual([{ type: 'traffic-cleared' }, { type: 'changed', resource: 'users' }, { type: 'changed', resource: 'grants' }]);
    expect(seen.every((s) => s.auth === 'Bearer tok')).toBe(true);
    expect(states).toEqual(['connecting', 'online', 'reconnecting', 'online']);
    off();
    offState();
  });

  it('stops and says so when the token is refused', async () => {
    answer = (_req, res) =>
      res.writeHead(401, { 'Content-Type': 'application/json' }).end('{"error":{"code":"unauthorized","message":"bad token"}}');
    const bridge = createHttpBridge({ baseUrl: origin, token: 'wrong', retryMs: { initial: 10, max: 10 } });
    const states: ConnectionState[] = [];
    bridge.onConnectionChange!((s) => states.push(s));
    const off = bridge.subscribe(() => {});
    await vi.waitFor(() => expect(states).toContain('unauthorized'));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(seen).toHaveLength(1);
    off();
  });

  it('closes the stream when the last listener leaves', async () => {
    let closed = false;
    answer = (req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/event-stream' });
      res.write(': connected\n\n');
      req.socket.on('close', () => (closed = true));
    };
    const bridge = createHttpBridge({ baseUrl: origin, token: 't' });
    const states: ConnectionState[] = [];
    bridge.onConnectionChange!((s) => states.push(s));
    const a = bridge.subscribe(() => {});
    const b = bridge.subscribe(() => {});
    await vi.waitFor(() => expect(states).toContain('online'));
    expect(seen).toHaveLength(1); // one shared stream for both listeners
    a();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(closed).toBe(false);
    b();
    await vi.waitFor(() => expect(closed).toBe(true));
  });
});

describe('SseParser', () => {
  it('ignores comments and unknown fields, keeps empty data lines, handles CR line ends', () => {
    const out: string[] = [];
    const parser = new SseParser((d) => out.push(d));
    parser.push(':c\rid: 1\revent: x\rdata\rdata: two\r\r');
    parser.push('data:three\n\n\n');
    expect(out).toEqual(['\ntwo', 'three']);
  });
});

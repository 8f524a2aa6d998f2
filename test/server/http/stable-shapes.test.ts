import { execFile } from 'node:child_process';
import { createServer, type Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import express, { type Express, type Request } from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { withStableShapes } from '../../../server/http/stable-shapes';
import { httpRequest } from '../support/http-request';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

/** What the first middleware of a request saw: the own properties req and res already had, and a few values. */
interface FirstLook {
  requestOwn: string[];
  responseOwn: string[];
  statusCode: number;
  writeIsTheSharedOne: boolean;
  query: unknown;
}

/**
 * An app whose handling adds properties the way Express apps do: body parser (body), router (params, next, …),
 * res.locals, an own res.write wrapper, a property the prototype holds an object for, and an own `query` over
 * Express's getter.
 */
function appThatAddsProperties(looks: FirstLook[]): Express {
  const app = express();
  (app.request as unknown as { shared: object }).shared = { on: 'the prototype' };
  app.use((req, res, next) => {
    looks.push({
      requestOwn: Object.keys(req),
      responseOwn: Object.keys(res),
      statusCode: res.statusCode,
      writeIsTheSharedOne: res.write === ServerResponse.prototype.write,
      query: req.query,
    });
    next();
  });
  app.use(express.json());
  app.use((req, res, next) => {
    const write = res.write;
    res.write = ((...args: Parameters<typeof write>) => write.apply(res, args)) as typeof write;
    (req as Request & { shared: object }).shared = { own: true };
    Object.defineProperty(req, 'query', { value: { replaced: true }, enumerable: true, configurable: true });
    res.locals.seen = true;
    next();
  });
  app.post('/echo/:id', (req, res) => {
    res.json({ id: req.params.id, body: req.body ?? null, locals: res.locals.seen, query: req.query });
  });
  return app;
}

async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function post(base: string, body: unknown): Promise<{ status: number; json: unknown }> {
  const { status, json } = await httpRequest(`${base}/echo/7?page=2`, { method: 'POST', body });
  return { status, json };
}

describe('withStableShapes', () => {
  it('answers exactly as the bare app does, before and after it has learned the properties', async () => {
    const plain = await serve(appThatAddsProperties([]));
    const stable = await serve(withStableShapes(appThatAddsProperties([])));
    for (const body of [{ a: 1 }, { b: [2] }, { c: 'three' }]) {
      expect(await post(stable, body)).toEqual(await post(plain, body));
    }
    expect(await post(stable, { a: 1 })).toEqual({
      status: 200,
      json: { id: '7', body: { a: 1 }, locals: true, query: { replaced: true } },
    });
  });

  it('declares the properties handling added, with the values they read as anyway, before the app runs', async () => {
    const looks: FirstLook[] = [];
    const base = await serve(withStableShapes(appThatAddsProperties(looks)));
    await post(base, { first: true });
    await post(base, { second: true });
    const [first, second] = looks;
    expect(first.requestOwn).not.toContain('body');
    expect(second.requestOwn).toEqual(expect.arrayContaining(['body', 'params', 'next', 'baseUrl', 'originalUrl', 'route']));
    expect(second.responseOwn).toEqual(expect.arrayContaining(['locals', 'write', 'statusCode']));
    // Declared with the prototype's values: code reading them sees what it saw before.
    expect(second.statusCode).toBe(200);
    expect(second.writeIsTheSharedOne).toBe(true);
    expect(second.query).toEqual({ page: '2' });
  });

  it('declares a method with what the prototype holds at that request, so one patched later is the one code gets', async () => {
    const app = express();
    const seen: unknown[] = [];
    app.use((_req, res, next) => {
      seen.push(res.write);
      const write = res.write;
      res.write = ((...args: Parameters<typeof write>) => write.apply(res, args)) as typeof write;
      next();
    });
    app.get('/', (_req, res) => void res.send('ok'));
    const base = await serve(withStableShapes(app));
    await httpRequest(`${base}/`);
    const patched = function (this: ServerResponse, ...args: unknown[]) {
      return (ServerResponse.prototype.write as (...args: unknown[]) => boolean).apply(this, args);
    };
    (app.response as unknown as { write: unknown }).write = patched;
    expect((await httpRequest(`${base}/`)).text).toBe('ok');
    expect(seen).toEqual([ServerResponse.prototype.write, patched]);
  });

  it('leaves alone what cannot be declared without changing what code sees: accessors and object values', async () => {
    const looks: FirstLook[] = [];
    const base = await serve(withStableShapes(appThatAddsProperties(looks)));
    await post(base, {});
    await post(base, {});
    // `query` is a getter on Express's request, `shared` an object on the app's: neither becomes an own property.
    expect(looks[1].requestOwn).not.toContain('query');
    expect(looks[1].requestOwn).not.toContain('shared');
  });

  it('gives every request of the real public app the same hidden classes (V8 natives, in a child process)', async () => {
    const probe = fileURLToPath(new URL('./support/hidden-class-probe.ts', import.meta.url));
    const { stdout } = await promisify(execFile)(process.execPath, ['--allow-natives-syntax', '--import', 'tsx', probe], {
      timeout: 60_000,
    });
    const result = JSON.parse(stdout.trim().split('\n').at(-1)!) as {
      stable: { req: boolean; res: boolean };
      plain: { req: boolean; res: boolean };
    };
    // Served straight by Express, each request has hidden classes of its own; this is what the wrapper is for.
    console.log(
      `hidden classes shared by two refreshes: with withStableShapes ${JSON.stringify(result.stable)}, without ${JSON.stringify(result.plain)}`,
    );
    expect(result.stable).toEqual({ req: true, res: true });
  });
});

import { request as httpRequest } from 'node:http';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { addNote, annotate } from '../../../server/traffic/annotations';
import { type RecordedApp, startRecordedApp } from './recorded-app';

let app: RecordedApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

describe('traffic recorder', () => {
  it('records method, path, query, status, duration, headers and both bodies', async () => {
    app = await startRecordedApp((express) => {
      express.post('/echo', (req, res) => {
        res.status(201).set('x-answer', 'yes').json({ received: req.body });
      });
    });
    const response = await fetch(`${app.url}/echo?a=1&a=2&b=x`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-custom': 'hello' },
      body: JSON.stringify({ name: 'ada' }),
    });
    expect(response.status).toBe(201);
    const entry = await app.entry((e) => e.path === '/echo');
    expect(entry).toMatchObject({
      kind: 'other',
      method: 'POST',
      path: '/echo',
      query: { a: ['1', '2'], b: 'x' },
      status: 201,
      clientId: null,
      flowId: null,
      notes: [],
    });
    expect(entry.id).toMatch(/^[0-9a-z]{19}$/);
    expect(Date.parse(entry.time)).toBeGreaterThan(Date.now() - 10_000);
    expect(entry.durationMs).toBeGreaterThan(0);
    expect(entry.request.headers['x-custom']).toBe('hello');
    expect(entry.request.body).toEqual({
      contentType: 'application/json',
      text: '{"name":"ada"}',
      parsed: { name: 'ada' },
      size: 14,
      truncated: false,
    });
    expect(entry.response.headers['x-answer']).toBe('yes');
    expect(entry.response.body?.parsed).toEqual({ received: { name: 'ada' } });
    expect(entry.response.body?.contentType).toMatch(/^application\/json/);
  });

  it('takes kind, client, user, flow and notes from the handler annotations', async () => {
    app = await startRecordedApp((express) => {
      express.get('/todos', (_req, res) => {
        annotate(res, { kind: 'api', clientId: 'client-1', userId: 'u1', userEmail: 'ada@example.com', flowId: 'flow-9' });
        addNote(res, 'error', 'bearer_expired', 'The access token expired 3 minutes ago.');
        res.status(401).json({ error: 'invalid_token' });
      });
    });
    await fetch(`${app.url}/todos`);
    const entry = await app.entry();
    expect(entry).toMatchObject({
      kind: 'api',
      clientId: 'client-1',
      userId: 'u1',
      userEmail: 'ada@example.com',
      flowId: 'flow-9',
      notes: [{ level: 'error', code: 'bearer_expired', message: 'The access token expired 3 minutes ago.' }],
    });
    expect(app.log.list()[0]).toMatchObject({ worstNote: 'error', headline: 'The access token expired 3 minutes ago.' });
  });

  it('falls back to the path for the kind, and to the classify option before that', async () => {
    app = await startRecordedApp(
      (express) => {
        express.get('/.well-known/ai-plugin.json', (_req, res) => res.json({}));
        express.get('/openapi.yaml', (_req, res) => res.type('yaml').send('openapi: 3.0.1'));
        express.get('/oauth/authorize', (_req, res) => res.send('<form></form>'));
        express.post('/oauth/authorize', (_req, res) => res.send('ok'));
        express.post('/oauth/introspect', (_req, res) => res.json({ active: false }));
        express.post('/oauth/revoke', (_req, res) => res.send(''));
        express.get('/v1/things', (_req, res) => res.json([]));
      },
      { recorder: { classify: (_method, path) => (path.startsWith('/v1/') ? 'api' : undefined) } },
    );
    const calls: [string, string][] = [
      ['GET', '/.well-known/ai-plugin.json'],
      ['GET', '/openapi.yaml'],
      ['GET', '/oauth/authorize'],
      ['POST', '/oauth/authorize'],
      ['POST', '/oauth/introspect'],
      ['POST', '/oauth/revoke'],
      ['GET', '/v1/things'],
      ['GET', '/nowhere'],
    ];
    for (const [method, path] of calls) await fetch(`${app.url}${path}`, { method });
    await app.entry((e) => e.path === '/nowhere');
    const kinds = Object.fromEntries(app.log.entries().map((e) => [`${e.method} ${e.path}`, e.kind]));
    expect(kinds).toEqual({
      'GET /.well-known/ai-plugin.json': 'manifest',
      'GET /openapi.yaml': 'openapi',
      'GET /oauth/authorize': 'authorize',
      'POST /oauth/authorize': 'login',
      'POST /oauth/introspect': 'introspect',
      'POST /oauth/revoke': 'revoke',
      'GET /v1/things': 'api',
      'GET /nowhere': 'other',
    });
  });

  it('keeps the first 64 KiB of a streamed answer, marks it truncated and counts every byte', async () => {
    app = await startRecordedApp((express) => {
      express.get('/stream', (_req, res) => {
        res.type('text/plain');
        let sent = 0;
        const chunk = 'abcdefghij'.repeat(1000);
        const pump = () => {
          while (sent < 20) {
            sent++;
            if (!res.write(chunk)) return void res.once('drain', pump);
          }
          res.end('END');
        };
        pump();
      });
    });
    const text = await (await fetch(`${app.url}/stream`)).text();
    expect(text.length).toBe(200_003);
    const entry = await app.entry();
    expect(entry.response.body?.size).toBe(200_003);
    expect(entry.response.body?.truncated).toBe(true);
    expect(entry.response.body?.text.length).toBe(64 * 1024);
    expect(entry.response.body?.parsed).toBeNull();
  });

  it('shows a compressed answer (an upstream API behind the gateway) decoded, with its size on the wire', async () => {
    const json = JSON.stringify({ todos: Array.from({ length: 50 }, (_, n) => ({ id: n, title: `todo ${n}` })) });
    const gzipped = gzipSync(json);
    app = await startRecordedApp((express) => {
      express.get('/gzip', (_req, res) => res.set({ 'content-type': 'application/json', 'content-encoding': 'gzip' }).end(gzipped));
      express.get('/br', (_req, res) =>
        res.set({ 'content-type': 'application/json', 'content-encoding': 'br' }).end(brotliCompressSync(json)),
      );
      express.get('/zstd', (_req, res) =>
        res.set({ 'content-type': 'application/json', 'content-encoding': 'zstd' }).end(Buffer.from([1, 2, 3])),
      );
    });
    await fetch(`${app.url}/gzip`);
    const gzipEntry = await app.entry((e) => e.path === '/gzip');
    expect(gzipEntry.response.body).toMatchObject({ text: json, size: gzipped.length, truncated: false });
    expect(gzipEntry.response.body?.parsed).toEqual(JSON.parse(json));

    await fetch(`${app.url}/br`).catch(() => undefined);
    expect((await app.entry((e) => e.path === '/br')).response.body?.parsed).toEqual(JSON.parse(json));

    await fetch(`${app.url}/zstd`).catch(() => undefined);
    expect((await app.entry((e) => e.path === '/zstd')).response.body).toMatchObject({
      text: '[3 bytes of zstd-encoded content that could not be decoded]',
      parsed: null,
      size: 3,
    });
  });

  it('reports the declared size of a request body a streaming consumer kept only the start of', async () => {
    app = await startRecordedApp((express) => {
      express.post('/stream-in', (req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (chunk: Buffer) => chunks.push(chunk));
        req.on('end', () => {
          (req as typeof req & { rawBody?: Buffer }).rawBody = Buffer.concat(chunks).subarray(0, 100);
          res.sendStatus(204);
        });
      });
    });
    await fetch(`${app.url}/stream-in`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x'.repeat(10_002) });
    const entry = await app.entry();
    expect(entry.request.body).toMatchObject({ size: 10_002, truncated: true, parsed: null });
    expect(entry.request.body?.text).toHaveLength(100);
  });

  it('shows binary bodies by their size and type only', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
    app = await startRecordedApp((express) => {
      express.get('/logo.png', (_req, res) => res.type('png').send(png));
    });
    await (await fetch(`${app.url}/logo.png`)).arrayBuffer();
    const entry = await app.entry();
    expect(entry.response.body).toEqual({
      contentType: 'image/png',
      text: '[12 bytes of image/png]',
      parsed: null,
      size: 12,
      truncated: false,
    });
  });

  it('records a request the client abandoned before the answer', async () => {
    app = await startRecordedApp((express) => {
      express.get('/slow', (_req, res) => {
        setTimeout(() => {
          if (!res.destroyed) res.send('late');
        }, 500);
      });
    });
    const url = new URL(`${app.url}/slow`);
    await new Promise<void>((resolve) => {
      const req = httpRequest({ host: url.hostname, port: url.port, path: url.pathname });
      req.on('error', () => resolve());
      req.end();
      setTimeout(() => {
        req.destroy();
        resolve();
      }, 100);
    });
    const entry = await app.entry((e) => e.path === '/slow');
    expect(entry.status).toBe(0);
    expect(entry.notes.map((n) => n.code)).toContain('client_aborted');
  });

  it('shows a string answer as it went on the wire: latin-1, a lone surrogate and multi-byte text', async () => {
    app = await startRecordedApp((express) => {
      express.get('/latin1', (_req, res) => {
        res.setHeader('content-type', 'text/plain');
        res.end('caf\u00e9', 'latin1');
      });
      express.get('/surrogate', (_req, res) => res.type('text').send('half \ud83d pair'));
      express.get('/emoji', (_req, res) => res.json({ word: 'h\u00e9llo \ud83d\ude00' }));
    });
    for (const path of ['/latin1', '/surrogate', '/emoji']) await (await fetch(`${app.url}${path}`)).arrayBuffer();
    const body = async (path: string) => (await app!.entry((e) => e.path === path)).response.body;
    // latin-1 "é" is one byte, 0xE9, which is not UTF-8: it is shown as U+FFFD, as a UTF-8 reader sees it.
    expect(await body('/latin1')).toMatchObject({ text: 'caf\ufffd', size: 4 });
    expect(await body('/surrogate')).toMatchObject({ text: 'half \ufffd pair', size: 13 });
    expect(await body('/emoji')).toMatchObject({
      text: '{"word":"h\u00e9llo \ud83d\ude00"}',
      parsed: { word: 'h\u00e9llo \ud83d\ude00' },
      size: 22,
    });
  });

  it('logs requests without a body parser match with a null request body', async () => {
    app = await startRecordedApp((express) => {
      express.post('/upload', (_req, res) => res.sendStatus(204));
    });
    await fetch(`${app.url}/upload`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'plain words' });
    const entry = await app.entry();
    expect(entry.request.body).toBeNull();
    expect(entry.response.body).toBeNull();
    expect(entry.status).toBe(204);
  });

  it('gives ids that sort by arrival', async () => {
    app = await startRecordedApp((express) => {
      express.get('/n/:n', (req, res) => res.send(req.params.n));
    });
    for (let n = 0; n < 30; n++) await fetch(`${app.url}/n/${n}`);
    await app.entry((e) => e.path === '/n/29');
    const ids = app.log.entries().map((e) => e.id);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(30);
  });
});

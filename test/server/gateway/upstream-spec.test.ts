import { createServer } from 'node:net';
import express from 'express';
import YAML from 'yaml';
import { loadUpstreamSpec, maxSpecBytes, UpstreamSpecError } from '../../../server/gateway/upstream-spec';
import { listen } from './gateway-harness';

const publicBaseUrl = 'https://my-plugin.ngrok.app';

const yamlSpec = `# The todo API — comments survive the rewrite
openapi: 3.0.1
info:
  title: Todos
  version: '1.0'
servers:
  - url: http://localhost:5000
paths:
  /todos:
    get:
      operationId: listTodos
      summary: List todos
      responses:
        '200':
          description: OK
`;

let served: { path: string; status: number; type: string; body: string }[];
let upstream: Awaited<ReturnType<typeof listen>>;

beforeEach(async () => {
  served = [];
  upstream = await listen(
    express().use((req, res) => {
      const match = served.find((entry) => entry.path === req.path);
      if (!match) {
        res.status(404).send('not found');
        return;
      }
      res.status(match.status).type(match.type).send(match.body);
    }),
  );
});
afterEach(() => upstream.close());

function serve(path: string, body: string, type = 'application/yaml', status = 200) {
  served.push({ path, status, type, body });
}

async function specError(promise: Promise<unknown>): Promise<UpstreamSpecError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(UpstreamSpecError);
  return error as UpstreamSpecError;
}

describe('loadUpstreamSpec', () => {
  it('fetches a YAML spec and points servers at the public URL, keeping comments and the rest', async () => {
    serve('/openapi.yaml', yamlSpec);
    const spec = await loadUpstreamSpec({ upstream: upstream.url, specPath: '/openapi.yaml', publicBaseUrl });
    expect(spec.contentType).toMatch(/yaml/);
    expect(spec.body).toContain('# The todo API — comments survive the rewrite');
    const parsed = YAML.parse(spec.body) as { servers: unknown; paths: Record<string, unknown>; openapi: string };
    expect(parsed.servers).toEqual([{ url: publicBaseUrl }]);
    expect(parsed.openapi).toBe('3.0.1');
    expect(Object.keys(parsed.paths)).toEqual(['/todos']);
  });

  it('keeps JSON as JSON, and adds servers when the spec had none', async () => {
    serve('/spec.json', JSON.stringify({ openapi: '3.1.0', info: { title: 'T', version: '1' }, paths: {} }), 'application/json');
    const spec = await loadUpstreamSpec({ upstream: upstream.url, specPath: '/spec.json', publicBaseUrl: `${publicBaseUrl}/` });
    expect(spec.contentType).toMatch(/json/);
    expect(JSON.parse(spec.body)).toEqual({
      openapi: '3.1.0',
      info: { title: 'T', version: '1' },
      paths: {},
      servers: [{ url: publicBaseUrl }],
    });
  });

  it("keeps the path of the spec's own server URL, so /v1 APIs still line up", async () => {
    serve('/openapi.yaml', yamlSpec.replace('http://localhost:5000', 'http://localhost:5000/v1'));
    const spec = await loadUpstreamSpec({ upstream: upstream.url, specPath: '/openapi.yaml', publicBaseUrl });
    expect((YAML.parse(spec.body) as { servers: unknown }).servers).toEqual([{ url: `${publicBaseUrl}/v1` }]);
  });

  it('does not double an upstream path prefix the gateway already adds', async () => {
    serve('/api/openapi.yaml', yamlSpec.replace('http://localhost:5000', '/api'));
    const spec = await loadUpstreamSpec({ upstream: `${upstream.url}/api/`, specPath: '/openapi.yaml', publicBaseUrl });
    expect((YAML.parse(spec.body) as { servers: unknown }).servers).toEqual([{ url: publicBaseUrl }]);
  });

  it('says which URL answered what when the spec path is wrong', async () => {
    const error = await specError(loadUpstreamSpec({ upstream: upstream.url, specPath: '/nope.yaml', publicBaseUrl }));
    expect(error.problem).toBe('http_status');
    expect(error.message).toContain('404');
    expect(error.message).toContain(`${upstream.url}/nope.yaml`);
  });

  it('says the API is not running when nothing listens', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as { port: number };
    await new Promise((resolve) => probe.close(resolve));
    const error = await specError(loadUpstreamSpec({ upstream: `http://127.0.0.1:${port}`, specPath: '/openapi.yaml', publicBaseUrl }));
    expect(error.problem).toBe('unreachable');
    expect(error.message).toMatch(/connection refused.*Is your API running\?/);
  });

  it('refuses YAML that does not parse, naming the problem', async () => {
    serve('/openapi.yaml', 'openapi: 3.0.1\npaths: [unclosed\n');
    const error = await specError(loadUpstreamSpec({ upstream: upstream.url, specPath: '/openapi.yaml', publicBaseUrl }));
    expect(error.problem).toBe('unparseable');
    expect(error.message).toMatch(/not valid YAML/);
  });

  it('refuses JSON that does not parse', async () => {
    serve('/spec.json', '{"openapi": "3.0.1",', 'application/json');
    const error = await specError(loadUpstreamSpec({ upstream: upstream.url, specPath: '/spec.json', publicBaseUrl }));
    expect(error.problem).toBe('unparseable');
  });

  it('refuses documents that are not OpenAPI 3, and explains Swagger 2', async () => {
    serve('/html', '<html><body>hello</body></html>', 'text/html');
    expect((await specError(loadUpstreamSpec({ upstream: upstream.url, specPath: '/html', publicBaseUrl }))).problem).toBe('not_openapi');

    serve('/swagger.json', JSON.stringify({ swagger: '2.0', paths: {} }), 'application/json');
    const swagger = await specError(loadUpstreamSpec({ upstream: upstream.url, specPath: '/swagger.json', publicBaseUrl }));
    expect(swagger.problem).toBe('not_openapi');
    expect(swagger.message).toMatch(/OpenAPI 3/);
  });

  it('refuses a spec over the size limit', async () => {
    serve('/huge.yaml', `openapi: 3.0.1\ndescription: "${'x'.repeat(maxSpecBytes)}"\n`);
    expect((await specError(loadUpstreamSpec({ upstream: upstream.url, specPath: '/huge.yaml', publicBaseUrl }))).problem).toBe(
      'too_large',
    );
  });

  it('gives up on a spec that never comes', async () => {
    const silent = await listen(express().use(() => undefined));
    try {
      const error = await specError(loadUpstreamSpec({ upstream: silent.url, specPath: '/openapi.yaml', publicBaseUrl, timeoutMs: 300 }));
      expect(error.problem).toBe('timeout');
    } finally {
      await silent.close();
    }
  });
});

import YAML from 'yaml';

export interface UpstreamSpecInput {
  /** settings.upstream, e.g. http://127.0.0.1:5000 (may carry a path prefix). */
  upstream: string;
  /** settings.upstreamSpecPath, e.g. /openapi.yaml — appended to the upstream. */
  specPath: string;
  /** The public origin ChatGPT uses (tunnel URL, publicUrl, or the local one). */
  publicBaseUrl: string;
  timeoutMs?: number;
}

export interface UpstreamSpec {
  contentType: string;
  body: string;
}

export type UpstreamSpecProblem = 'unreachable' | 'timeout' | 'http_status' | 'too_large' | 'unparseable' | 'not_openapi';

/** The upstream's spec could not be served; `message` is plain words, safe to show and to put in the log. */
export class UpstreamSpecError extends Error {
  constructor(
    readonly problem: UpstreamSpecProblem,
    message: string,
    readonly specUrl: string,
  ) {
    super(message);
  }
}

export const maxSpecBytes = 5 * 1024 * 1024;
const defaultTimeoutMs = 10_000;

/**
 * Fetches the developer's OpenAPI document (JSON or YAML) and points its `servers` at the public URL, so ChatGPT
 * calls the API through Handshake. A path in the spec's own server URL is kept (minus the upstream's own prefix,
 * which the gateway adds back), so `servers: [{url: http://localhost:5000/v1}]` becomes `<public>/v1`.
 * The document keeps its format; YAML keeps its comments.
 */
export async function loadUpstreamSpec(input: UpstreamSpecInput): Promise<UpstreamSpec> {
  const upstreamBase = input.upstream.replace(/\/+$/, '');
  const specUrl = `${upstreamBase}${input.specPath.startsWith('/') ? '' : '/'}${input.specPath}`;
  const { text, contentType } = await fetchText(specUrl, input.timeoutMs ?? defaultTimeoutMs);

  const isJson = /json/i.test(contentType) || /^\s*[{[]/.test(text);
  if (isJson) {
    let document: unknown;
    try {
      document = JSON.parse(text);
    } catch (error) {
      throw new UpstreamSpecError('unparseable', `The spec at ${specUrl} is not valid JSON: ${(error as Error).message}`, specUrl);
    }
    const spec = asOpenApi(document, specUrl);
    spec.servers = [{ url: publicServerUrl(spec.servers, upstreamBase, input.publicBaseUrl) }];
    return { contentType: 'application/json; charset=utf-8', body: `${JSON.stringify(spec, null, 2)}\n` };
  }

  const document = YAML.parseDocument(text);
  if (document.errors.length > 0) {
    throw new UpstreamSpecError(
      'unparseable',
      `The spec at ${specUrl} is not valid YAML: ${document.errors[0].message.split('\n')[0]}`,
      specUrl,
    );
  }
  const spec = asOpenApi(document.toJS(), specUrl);
  document.set('servers', [{ url: publicServerUrl(spec.servers, upstreamBase, input.publicBaseUrl) }]);
  return { contentType: 'text/yaml; charset=utf-8', body: document.toString() };
}

async function fetchText(specUrl: string, timeoutMs: number): Promise<{ text: string; contentType: string }> {
  let response: globalThis.Response;
  try {
    response = await fetch(specUrl, {
      headers: { accept: 'application/yaml, application/json;q=0.9, */*;q=0.5' },
      redirect: 'follow',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    if ((error as Error).name === 'TimeoutError') {
      throw new UpstreamSpecError('timeout', `Your API did not send its spec (${specUrl}) within ${timeoutMs / 1000} seconds.`, specUrl);
    }
    const why =
      cause?.code === 'ECONNREFUSED' ? 'nothing is listening there (connection refused)' : (cause?.code ?? (error as Error).message);
    throw new UpstreamSpecError(
      'unreachable',
      `Could not fetch the spec from your API at ${specUrl}: ${why}. Is your API running?`,
      specUrl,
    );
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new UpstreamSpecError(
      'http_status',
      `Your API answered ${response.status} for its spec at ${specUrl}. Check the spec path in Handshake's settings.`,
      specUrl,
    );
  }
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > maxSpecBytes) {
    await response.body?.cancel();
    throw tooLarge(specUrl);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = response.body?.getReader();
  while (reader) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxSpecBytes) {
      await reader.cancel();
      throw tooLarge(specUrl);
    }
    chunks.push(value);
  }
  return { text: Buffer.concat(chunks).toString('utf8'), contentType: response.headers.get('content-type') ?? '' };
}

function tooLarge(specUrl: string): UpstreamSpecError {
  return new UpstreamSpecError('too_large', `The spec at ${specUrl} is larger than ${maxSpecBytes / 1024 / 1024} MB.`, specUrl);
}

interface OpenApiLike {
  openapi: string;
  servers?: unknown;
  [key: string]: unknown;
}

function asOpenApi(document: unknown, specUrl: string): OpenApiLike {
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw new UpstreamSpecError('not_openapi', `The document at ${specUrl} is not an OpenAPI spec (not an object).`, specUrl);
  }
  const spec = document as Record<string, unknown>;
  if (typeof spec.swagger === 'string') {
    throw new UpstreamSpecError(
      'not_openapi',
      `The spec at ${specUrl} is Swagger ${spec.swagger}; ChatGPT needs OpenAPI 3.0 or 3.1. Convert it (e.g. with swagger2openapi).`,
      specUrl,
    );
  }
  if (typeof spec.openapi !== 'string') {
    throw new UpstreamSpecError(
      'not_openapi',
      `The document at ${specUrl} has no "openapi" version field; is it an OpenAPI spec?`,
      specUrl,
    );
  }
  return spec as OpenApiLike;
}

function publicServerUrl(servers: unknown, upstreamBase: string, publicBaseUrl: string): string {
  const base = publicBaseUrl.replace(/\/+$/, '');
  const first = Array.isArray(servers) ? (servers[0] as { url?: unknown } | undefined) : undefined;
  const original = typeof first?.url === 'string' ? first.url : '';
  if (!original || original.includes('{')) return base;
  let serverPath: string;
  try {
    serverPath = new URL(original, `${upstreamBase}/`).pathname.replace(/\/+$/, '');
  } catch {
    return base;
  }
  const upstreamPath = new URL(`${upstreamBase}/`).pathname.replace(/\/+$/, '');
  if (upstreamPath && (serverPath === upstreamPath || serverPath.startsWith(`${upstreamPath}/`))) {
    serverPath = serverPath.slice(upstreamPath.length);
  }
  return `${base}${serverPath}`;
}

import { randomBytes } from 'node:crypto';
import { checkHeader } from './check-marker';
import type { CheckExchange } from './check-run';

export interface CheckRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** ChatGPT's own timeouts: 15 s for the manifest, 45 s for API calls (chatgpt-oauth.md). */
  timeoutMs?: number;
}

/** What a step reads back: the response as text, with a few helpers. */
export interface CheckResponse {
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed as JSON when it is JSON, else undefined. */
  json: any;
  /** Location resolved against the request URL, when there is one. */
  location: URL | null;
  contentType: string;
}

/** A raw exchange as sent; masked only when shown (a secret may be learned after the request that carried it). */
export interface RawExchange extends CheckExchange {
  nonce: string;
}

const shownBodyLimit = 8000;

/**
 * The check's HTTP client: fetch with no redirect following (ChatGPT's browser and server read Location
 * themselves), ChatGPT's timeouts, and the check marker on every request. Each exchange is handed to `record`.
 */
export class CheckHttp {
  /** Headers the played client sends on every request (its User-Agent, a browser page's Origin). */
  defaultHeaders: Record<string, string> = {};

  constructor(
    private readonly flowId: string,
    private readonly record: (exchange: RawExchange) => void,
  ) {}

  async send(url: string, init: CheckRequest = {}): Promise<CheckResponse> {
    const nonce = randomBytes(6).toString('hex');
    const method = init.method ?? 'GET';
    const headers = { ...this.defaultHeaders, ...init.headers, [checkHeader]: `${this.flowId} ${nonce}` };
    const exchange: RawExchange = {
      nonce,
      request: { method, url, headers, body: init.body ?? null },
      response: null,
      error: null,
      entryId: null,
    };
    this.record(exchange);
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, {
        method,
        headers,
        body: init.body,
        redirect: 'manual',
        signal: AbortSignal.timeout(init.timeoutMs ?? 15_000),
      });
      text = await response.text();
    } catch (error) {
      exchange.error = describeFetchError(error, init.timeoutMs ?? 15_000);
      throw new CheckHttpError(`${method} ${url}: ${exchange.error}`);
    }
    exchange.response = {
      status: response.status,
      headers: Object.fromEntries(response.headers),
      body: text.length > shownBodyLimit ? `${text.slice(0, shownBodyLimit)}…` : text,
    };
    const contentType = response.headers.get('content-type') ?? '';
    let json: unknown;
    if (/json/i.test(contentType)) {
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
    }
    const location = response.headers.get('location');
    return {
      status: response.status,
      headers: response.headers,
      text,
      json,
      location: location ? new URL(location, url) : null,
      contentType,
    };
  }
}

/** The request never got an answer. */
export class CheckHttpError extends Error {}

function describeFetchError(error: unknown, timeoutMs: number): string {
  if (error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError'))
    return `no answer within ${timeoutMs / 1000} s`;
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  if (cause?.code === 'ECONNREFUSED') return 'connection refused: nothing listens there';
  if (cause?.code === 'ENOTFOUND') return 'the host name does not resolve';
  return cause?.message ?? (error instanceof Error ? error.message : String(error));
}

import type { RequestSpec } from 'autocannon';
import { type ClientCredentials, refreshBody } from '../test/server/reliability/support/chatgpt-client';

/**
 * Refresh tokens are single use and rotate, so every benchmark request needs a fresh one. The pool holds the
 * current refresh token of each grant: a request takes one, and the answer's new refresh token goes back in.
 * With more grants than connections the pool never runs dry.
 */
export class RefreshPool {
  private readonly tokens: string[];
  private readonly handedOut = new Set<string>();
  failures = 0;

  constructor(
    private readonly client: ClientCredentials,
    tokens: string[],
  ) {
    this.tokens = [...tokens];
  }

  get size(): number {
    return this.tokens.length;
  }

  /**
   * The autocannon request that draws from the pool (JSON body, secret in the body, as ChatGPT plugins send).
   * autocannon builds each connection's next request before sending it, so a run ends with built requests never
   * sent: their tokens are still valid and go back in the pool (reclaim). Run token loads with `amount`, so no
   * request is cut off in flight, which would burn its grant.
   */
  request(): RequestSpec {
    return {
      method: 'POST',
      path: '/oauth/token',
      headers: { 'content-type': 'application/json' },
      setupRequest: (request, context) => {
        const unsent = context.token as string | undefined;
        if (unsent && this.handedOut.delete(unsent)) this.tokens.push(unsent);
        const token = this.tokens.shift();
        if (!token) throw new Error('refresh pool ran dry: more connections than grants');
        this.handedOut.add(token);
        context.token = token;
        return { ...request, body: JSON.stringify(refreshBody(this.client, token)) };
      },
      onResponse: (status, body, context) => {
        this.handedOut.delete(context.token as string);
        context.token = undefined;
        if (status !== 200) {
          this.failures++;
          return;
        }
        this.tokens.push((JSON.parse(body) as { refresh_token: string }).refresh_token);
      },
    };
  }

  /** After a run: tokens of requests that were built but never sent. */
  reclaim(): void {
    this.tokens.push(...this.handedOut);
    this.handedOut.clear();
  }

  /** Tokens still usable (for a later run against the same data folder). */
  current(): string[] {
    return [...this.tokens];
  }
}

import { type ClientCredentials, obtainGrant } from '../test/server/reliability/support/chatgpt-client';
import { clientOf, type ServeProcess, startServe } from '../test/server/support/serve-process';
import { RefreshPool } from './refresh-pool';

const benchUser = { email: 'bench@example.com', password: 'bench-password-1', name: 'Bench User' };
/** Twice the connections: a connection's token is always back in the pool before it is drawn again. */
const grantsInPool = 20;

/** A real `serve` process set up as ChatGPT would leave it: a user, grants from the login form, a refresh pool. */
export class HandshakeTarget {
  private constructor(
    readonly process: ServeProcess,
    private readonly dataDir: string,
    readonly client: ClientCredentials,
    readonly pool: RefreshPool,
    /** An access token kept out of the pool, so refreshes never replace it. */
    readonly apiToken: string,
  ) {}

  /** `nodeArgs` go to the server's node, e.g. ['--cpu-prof'] to profile what the bench measures. */
  static async start(dataDir: string, trafficRingSize: number, nodeArgs: string[] = []): Promise<HandshakeTarget> {
    const serve = await startServe(dataDir, { nodeArgs });
    const client = await clientOf(serve);
    await expectOk(serve.control('POST', '/api/users', benchUser), 'creating the bench user');
    await expectOk(serve.control('PATCH', '/api/settings', { trafficRingSize }), 'setting trafficRingSize');
    const grants = [];
    for (let i = 0; i <= grantsInPool; i++) grants.push(await obtainGrant(serve.publicUrl, client, benchUser.email, benchUser.password));
    const pool = new RefreshPool(
      client,
      grants.slice(1).map((grant) => grant.refresh_token),
    );
    return new HandshakeTarget(serve, dataDir, client, pool, grants[0].access_token);
  }

  get url(): string {
    return this.process.publicUrl;
  }

  /** Stops (cleanly) and starts again on the same data folder; grants and tokens carry over. */
  async restart(): Promise<HandshakeTarget> {
    await this.process.stop();
    return new HandshakeTarget(await startServe(this.dataDir), this.dataDir, this.client, this.pool, this.apiToken);
  }

  async clearTraffic(): Promise<void> {
    await expectOk(this.process.control('DELETE', '/api/traffic'), 'clearing the traffic log');
  }

  async setUpstream(upstream: string): Promise<void> {
    await expectOk(this.process.control('PATCH', '/api/settings', { upstream }), 'setting upstream');
  }

  async setAccessTokenFormat(accessTokenFormat: 'jwt' | 'opaque'): Promise<void> {
    await expectOk(this.process.control('PATCH', '/api/settings', { accessTokenFormat }), 'setting accessTokenFormat');
  }

  async setMcpUpstream(mcpUpstream: string): Promise<void> {
    await expectOk(this.process.control('PATCH', '/api/settings', { mcpUpstream }), 'setting mcpUpstream');
  }

  /** The history is written in batches at most 100 ms apart. */
  async flushTraffic(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, 500));
  }

  async trafficCount(): Promise<number> {
    const { json } = await expectOk(this.process.control('GET', '/api/traffic?limit=1000000'), 'listing traffic');
    return Array.isArray(json) ? json.length : 0;
  }

  async stop(): Promise<void> {
    await this.process.stop();
  }
}

async function expectOk<T extends { status: number; json: unknown }>(call: Promise<T>, what: string): Promise<T> {
  const result = await call;
  if (result.status >= 300) throw new Error(`${what} failed: ${result.status} ${JSON.stringify(result.json)}`);
  return result;
}

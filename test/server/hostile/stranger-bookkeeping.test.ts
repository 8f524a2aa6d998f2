import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientRegistry } from '../../../server/oauth/clients/client-registry';
import { KeyStore } from '../../../server/oauth/keys/key-store';
import { createPublicApp } from '../../../server/public/public-app';
import { createPublicContext, type PublicContext, registrationsPerMinute } from '../../../server/public/public-context';
import { openStore, type Store } from '../../../server/store/store';
import { TrafficLog } from '../../../server/traffic/traffic-log';
import { createTrafficRecorder } from '../../../server/traffic/traffic-recorder';
import { httpRequest } from '../support/http-request';

/**
 * Issue 23: what strangers on the internet can make the public listener remember before they authenticate is
 * bounded, costs the same per request however many strangers came before, and cannot grow the client registry.
 */

const capacity = 40;
let dataDir: string;
let store: Store;
let context: PublicContext;
let server: Server;
let base: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'handshake-strangers-'));
  store = await openStore(dataDir, { log: () => undefined });
  const clients = new ClientRegistry(store, undefined, capacity);
  const traffic = new TrafficLog({ capacity: 1000, dataDir });
  const recorder = createTrafficRecorder({ log: traffic, getSettings: () => store.settings.get(), secrets: clients });
  context = createPublicContext({ store, clients, keys: await KeyStore.open(store), baseUrl: () => base });
  server = createServer(createPublicApp(context, { recorder }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(dataDir, { recursive: true, force: true });
});

const registration = (name: string) => ({
  client_name: name,
  redirect_uris: ['https://chatgpt.com/connector/oauth/abc'],
  token_endpoint_auth_method: 'none',
});

const register = (address: string, name = 'Flood') =>
  httpRequest(`${base}/oauth/register`, { method: 'POST', headers: { 'x-forwarded-for': address }, body: registration(name) });

describe('dynamic registration from strangers', () => {
  it(`allows ${registrationsPerMinute} a minute per address, then 429 with Retry-After, while other addresses still register`, async () => {
    const statuses: number[] = [];
    for (let i = 0; i <= registrationsPerMinute; i++) statuses.push((await register('198.51.100.77')).status);
    expect(statuses.slice(0, registrationsPerMinute).every((status) => status === 201)).toBe(true);
    const refused = await register('198.51.100.77');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(refused.json).toEqual({ error: 'temporarily_unavailable', error_description: expect.stringMatching(/retry after \d+ seconds/) });
    expect((await register('198.51.100.78')).status).toBe(201);
  });

  it('keeps the registry bounded under a flood from many addresses, dropping never-used clients first, and keeps answering', async () => {
    const used = await register('203.0.113.1', 'The real ChatGPT connection');
    const usedClient = context.clients.findKnown(used.json.client_id)!;
    context.clients.touch(usedClient);

    const flood: Promise<unknown>[] = [];
    for (let address = 0; address < 30; address++)
      for (let n = 0; n < registrationsPerMinute; n++) flood.push(register(`192.0.2.${address + 10}`));
    const metadata = httpRequest(`${base}/.well-known/oauth-authorization-server`);
    await Promise.all(flood);
    expect((await metadata).status).toBe(200);

    const strangers = store.clients.list().filter((client) => client.kind === 'dcr');
    expect(strangers.length).toBeLessThanOrEqual(capacity);
    expect(strangers.some((client) => client.id === usedClient.id)).toBe(true);
    expect((await register('203.0.113.2')).status).toBe(201);
  });
});

/** Every step of every Map iteration in the process, while `run` runs: the work a request does walking its bookkeeping. */
async function mapIterationSteps(run: () => Promise<void>): Promise<number> {
  const prototype = Object.getPrototypeOf(new Map().entries()) as { next: () => unknown };
  const next = prototype.next;
  let steps = 0;
  prototype.next = function (this: unknown) {
    steps++;
    return next.call(this);
  };
  try {
    await run();
  } finally {
    prototype.next = next;
  }
  return steps;
}

describe('per-address bookkeeping', () => {
  let fresh = 0;
  const newAddress = () => {
    fresh++;
    return `2001:db8:${(fresh >> 16) & 0xffff}:${fresh & 0xffff}::1`;
  };

  /** What a stranger can do without credentials: open a connect at /mcp, fail a sign-in, and register. */
  function strangerVisits(count: number): void {
    for (let i = 0; i < count; i++) {
      const address = newAddress();
      context.connectFlows.forDiscovery(address);
      context.loginThrottle.recordFailure({ email: `someone-${i}@example.com`, address, addressKnown: true });
      context.registrationLimit.take(address);
    }
  }

  async function stepsPerRequest(): Promise<number> {
    const requests = 100;
    const steps = await mapIterationSteps(async () => {
      for (let i = 0; i < requests; i++)
        await httpRequest(`${base}/mcp`, {
          method: 'POST',
          headers: { 'x-forwarded-for': newAddress(), accept: 'application/json, text/event-stream' },
          body: { jsonrpc: '2.0', id: 1, method: 'initialize', params: {} },
        });
    });
    return steps / requests;
  }

  it('costs no more per unauthenticated request after 50,000 distinct addresses than after 5,000', { timeout: 60_000 }, async () => {
    strangerVisits(5_000);
    const after5k = await stepsPerRequest();
    strangerVisits(45_000);
    const after50k = await stepsPerRequest();
    expect(after50k).toBeLessThanOrEqual(after5k * 1.1 + 1);
  });
});

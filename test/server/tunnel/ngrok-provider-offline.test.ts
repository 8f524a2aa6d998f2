import { lookup } from 'node:dns/promises';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuthtokenStore } from '../../../server/tunnel/authtoken-store';
import { NgrokProvider } from '../../../server/tunnel/ngrok-provider';
import { TunnelManager } from '../../../server/tunnel/tunnel-manager';
import { closedPort } from '../support/closed-port';

/**
 * The real @ngrok/ngrok SDK, with no way to reach ngrok: the user must get the network advice, within our timeout.
 * Nothing here needs ngrok's servers; the authtoken is a well-formed fake.
 */
const connectTimeoutMs = 8000;
const fakeToken = '2fakeFAKEfakeFAKEfakeFAKEfak_3fakeFAKEfakeFAKEfakeFAKE';
let dataDir: string;

beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'handshake-ngrok-'));
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function managerFor(provider: NgrokProvider, timeoutMs = connectTimeoutMs): TunnelManager {
  return new TunnelManager({
    provider,
    authtokens: new AuthtokenStore({ dataDir, env: { NGROK_AUTHTOKEN: fakeToken } }),
    getDomain: () => '',
    forwardTo: () => '127.0.0.1:9',
    connectTimeoutMs: timeoutMs,
  });
}

async function ngrokResolves(): Promise<boolean> {
  try {
    await lookup('connect.ngrok-agent.com');
    return true;
  } catch {
    return false;
  }
}

describe('NgrokProvider (real SDK) without a route to ngrok', () => {
  it('says the network is unreachable when ngrok cannot be found (this machine is offline)', async (context) => {
    if (await ngrokResolves()) {
      console.log(
        'skipped: connect.ngrok-agent.com resolves here, so this machine is not offline; the closed-port test below covers the same path',
      );
      context.skip();
    }
    const startedAt = Date.now();
    const status = await managerFor(new NgrokProvider()).start({});
    const elapsed = Date.now() - startedAt;
    expect(status.state).toBe('error');
    expect(['network_unreachable', 'connect_timeout']).toContain(status.error?.code);
    expect(status.error?.advice).toMatch(/online/);
    expect(elapsed).toBeLessThan(connectTimeoutMs + 2000);
    expect(JSON.stringify(status)).not.toContain(fakeToken);
  });

  it('says the network is unreachable when nothing answers at the ngrok address', async () => {
    const port = await closedPort();
    const startedAt = Date.now();
    const status = await managerFor(new NgrokProvider({ serverAddr: `127.0.0.1:${port}` })).start({});
    expect(status.state).toBe('error');
    expect(['network_unreachable', 'connect_timeout']).toContain(status.error?.code);
    expect(status.error?.advice).toMatch(/firewall/);
    expect(Date.now() - startedAt).toBeLessThan(connectTimeoutMs + 2000);
  });

  it("gives up with our own timeout when ngrok's address accepts the connection and then says nothing", async () => {
    const sockets = new Set<Socket>();
    const silent = createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    try {
      const startedAt = Date.now();
      const status = await managerFor(new NgrokProvider({ serverAddr: `127.0.0.1:${port}` }), 1500).start({});
      const elapsed = Date.now() - startedAt;
      expect(status.state).toBe('error');
      expect(status.error?.code).toBe('connect_timeout');
      expect(status.error?.message).toMatch(/did not answer within 2 seconds/);
      expect(elapsed).toBeGreaterThanOrEqual(1400);
      expect(elapsed).toBeLessThan(4000);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});

import { lookup } from 'node:dns/promises';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuthtokenStore } from '../../../server/tunnel/authtoken-store';
import { NgrokProvider } from '../../../server/tunnel/ngrok-provider';
import { TunnelManager } from '../../../server/tunnel/tunnel-manager';

/**
 * The real tunnel, end to end: only where NGROK_AUTHTOKEN is set and ngrok is reachable (never on the CI machines
 * of this project, which have no route to ngrok). Opens a tunnel to a local server, fetches through it, stops.
 */
async function whyNotLive(): Promise<string | null> {
  if (!process.env.NGROK_AUTHTOKEN) return 'NGROK_AUTHTOKEN is not set';
  try {
    await lookup('connect.ngrok-agent.com');
    return null;
  } catch {
    return 'connect.ngrok-agent.com does not resolve (no internet)';
  }
}

describe('NgrokProvider (real SDK) with internet and an authtoken', () => {
  it('opens a public https URL that reaches only the given local listener, and closes it', async (context) => {
    const reason = await whyNotLive();
    if (reason) {
      console.log(`skipped: live ngrok test needs internet and an authtoken: ${reason}`);
      context.skip();
    }
    const local = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ path: req.url, forwardedProto: req.headers['x-forwarded-proto'] ?? null }));
    });
    local.listen(0, '127.0.0.1');
    await once(local, 'listening');
    const dataDir = mkdtempSync(join(tmpdir(), 'handshake-ngrok-live-'));
    const tunnel = new TunnelManager({
      provider: new NgrokProvider(),
      authtokens: new AuthtokenStore({ dataDir }),
      getDomain: () => process.env.NGROK_DOMAIN ?? '',
      forwardTo: () => `127.0.0.1:${(local.address() as AddressInfo).port}`,
      connectTimeoutMs: 20_000,
    });
    try {
      const status = await tunnel.start({});
      expect(status.error).toBeNull();
      expect(status.state).toBe('online');
      expect(status.url).toMatch(/^https:\/\//);
      const response = await fetch(`${status.url}/hello?x=1`, { headers: { 'ngrok-skip-browser-warning': '1' } });
      expect(await response.json()).toMatchObject({ path: '/hello?x=1' });
      expect((await tunnel.stop()).state).toBe('off');
    } finally {
      await tunnel.stop();
      local.closeAllConnections();
      local.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});

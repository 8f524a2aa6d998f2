/**
 * Run with `node --allow-natives-syntax --import tsx`: sends refresh requests through the real public app (traffic
 * recorder included) and prints, as one JSON line, whether two later requests' req and res ended with the same V8
 * hidden class — once served through withStableShapes, once served straight by the Express app.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withStableShapes } from '../../../../server/http/stable-shapes';
import { ClientRegistry } from '../../../../server/oauth/clients/client-registry';
import { KeyStore } from '../../../../server/oauth/keys/key-store';
import { createPublicApp } from '../../../../server/public/public-app';
import { createPublicContext } from '../../../../server/public/public-context';
import { openStore } from '../../../../server/store/store';
import { TrafficLog } from '../../../../server/traffic/traffic-log';
import { createTrafficRecorder } from '../../../../server/traffic/traffic-recorder';

const haveSameMap = new Function('a', 'b', 'return %HaveSameMap(a, b)') as (a: object, b: object) => boolean;

const dataDir = mkdtempSync(join(tmpdir(), 'handshake-hidden-class-'));
const store = await openStore(dataDir, { log: () => undefined });
const user = await store.users.create({ email: 'probe@example.com', password: 'probe-password-1', name: 'Probe' });
const traffic = new TrafficLog({ capacity: 100, dataDir });
const clients = new ClientRegistry(store);
const recorder = createTrafficRecorder({ log: traffic, getSettings: () => store.settings.get(), secrets: clients });
const app = createPublicApp(createPublicContext({ store, clients, keys: await KeyStore.open(store), baseUrl: () => 'http://127.0.0.1' }), {
  recorder,
});

/** Serves four refreshes one after the other and compares the last two exchanges once both are over. */
async function lastTwoShareHiddenClasses(handler: RequestListener): Promise<{ req: boolean; res: boolean }> {
  const seen: { req: IncomingMessage; res: ServerResponse }[] = [];
  const server = createServer((req, res) => {
    seen.push({ req, res });
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/oauth/token`;
  for (let n = 0; n < 4; n++) {
    const { refreshToken } = store.grants.issue(
      { clientId: store.client.id, userId: user.id, scope: '', flowId: 'flw_probe' },
      { access: 60, refresh: 60 },
    );
    const body = JSON.stringify({
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      client_id: store.client.id,
      client_secret: store.client.secret,
    });
    const answer = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    if (answer.status !== 200) throw new Error(`refresh answered ${answer.status}: ${await answer.text()}`);
    await answer.text();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await recorder.flush();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  const [earlier, later] = seen.slice(-2);
  return { req: haveSameMap(earlier.req, later.req), res: haveSameMap(earlier.res, later.res) };
}

const stable = await lastTwoShareHiddenClasses(withStableShapes(app));
const plain = await lastTwoShareHiddenClasses(app);
await traffic.close();
await store.close();
rmSync(dataDir, { recursive: true, force: true });
console.log(JSON.stringify({ stable, plain }));

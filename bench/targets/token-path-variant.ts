/**
 * The public app wired as core.ts wires it, with the traffic recorder and/or the store write switched off, so
 * bench/token-path-breakdown.ts can show what each costs a refresh. argv[2]: full | no-recorder | no-save | neither.
 * Prints one JSON line (port, client credentials, refresh tokens); on SIGINT prints how many saves shared a write.
 */
import { randomBytes } from 'node:crypto';
import fs, { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { syncBuiltinESMExports } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FaultQueue } from '../../server/faults/fault-queue';
import { createPublicApp } from '../../server/public/public-app';
import { openStore } from '../../server/store/store';
import { TrafficLog } from '../../server/traffic/traffic-log';
import { createTrafficRecorder } from '../../server/traffic/traffic-recorder';

const variant = process.argv[2] ?? 'full';
const recorderOn = variant === 'full' || variant === 'no-save';
const saveOn = variant === 'full' || variant === 'no-recorder';

// Every store write ends in one rename (lowdb's atomic write); counting renames counts writes.
let writes = 0;
const rename = fs.renameSync;
fs.renameSync = ((...args: Parameters<typeof fs.renameSync>) => {
  writes++;
  return rename(...args);
}) as typeof fs.renameSync;
syncBuiltinESMExports();

const dataDir = mkdtempSync(join(tmpdir(), 'handshake-token-path-'));
const store = await openStore(dataDir, { log: () => undefined });
const user = await store.users.create({ email: 'breakdown@example.com', password: 'breakdown-password', name: 'Breakdown' });
const tokens = Array.from({ length: 20 }, () => store.grants.issue({ clientId: store.client.id, userId: user.id, scope: '', flowId: 'flw_breakdown' }, { access: 3600, refresh: 86400 }).refreshToken);
await store.save();

let saves = 0;
const save = store.save;
store.save = () => {
  saves++;
  return saveOn ? save() : Promise.resolve();
};

const traffic = new TrafficLog({ capacity: store.settings.get().trafficRingSize, dataDir });
const recorder = recorderOn ? createTrafficRecorder({ log: traffic, getSettings: () => store.settings.get(), getClientSecret: () => store.client.secret }) : undefined;
const app = createPublicApp({ store, faults: new FaultQueue(), formKey: randomBytes(32), baseUrl: () => 'http://127.0.0.1' }, { recorder });

process.on('SIGINT', () => {
  const batches = saveOn ? `, ${(saves / Math.max(writes - 1, 1)).toFixed(1)} saves per file write` : '';
  console.error(`  ${variant}: ${saves} saves${batches}`);
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
});
const server = createServer(app);
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  console.log(JSON.stringify({ port, clientId: store.client.id, clientSecret: store.client.secret, tokens }));
});

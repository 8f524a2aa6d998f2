/**
 * The public app wired as core.ts wires it, with the traffic recorder and/or the store write switched off, so
 * bench/token-path-breakdown.ts can show what each costs a refresh. argv[2]: full | no-recorder | no-save | neither |
 * no-jwt-check (the recorder without the signing keys: JWTs in the traffic decoded, signatures not checked).
 * Prints one JSON line (port, client credentials, refresh tokens); on SIGINT prints how many saves shared a write
 * (a journal append or a snapshot) and the journal bytes per save.
 */

import fs, { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { syncBuiltinESMExports } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withStableShapes } from '../../server/http/stable-shapes';
import { ClientRegistry } from '../../server/oauth/clients/client-registry';
import { KeyStore } from '../../server/oauth/keys/key-store';
import { createPublicApp } from '../../server/public/public-app';
import { createPublicContext } from '../../server/public/public-context';
import { storeFileName } from '../../server/store/database';
import { journalFileName } from '../../server/store/journal';
import { openStore } from '../../server/store/store';
import { TrafficLog } from '../../server/traffic/traffic-log';
import { createTrafficRecorder } from '../../server/traffic/traffic-recorder';

const variant = process.argv[2] ?? 'full';
const recorderOn = variant === 'full' || variant === 'no-save' || variant === 'no-jwt-check';
const saveOn = variant === 'full' || variant === 'no-recorder';

// A store write is a snapshot (ends in one rename) or a journal append (one writeSync on the journal's fd).
let snapshots = 0;
let appends = 0;
let journalBytes = 0;
let journalFd = -1;
const { renameSync, openSync, writeSync } = fs;
fs.renameSync = ((...args: Parameters<typeof fs.renameSync>) => {
  if (String(args[1]).endsWith(storeFileName)) snapshots++;
  return renameSync(...args);
}) as typeof fs.renameSync;
fs.openSync = ((...args: Parameters<typeof fs.openSync>) => {
  const fd = openSync(...args);
  if (String(args[0]).endsWith(journalFileName)) journalFd = fd;
  return fd;
}) as typeof fs.openSync;
fs.writeSync = ((fd: number, ...rest: unknown[]) => {
  if (fd === journalFd) {
    appends++;
    journalBytes += Buffer.byteLength(rest[0] as string);
  }
  return (writeSync as (fd: number, ...rest: unknown[]) => number)(fd, ...rest);
}) as typeof fs.writeSync;
syncBuiltinESMExports();

const dataDir = mkdtempSync(join(tmpdir(), 'handshake-token-path-'));
const store = await openStore(dataDir, { log: () => undefined });
const user = await store.users.create({ email: 'breakdown@example.com', password: 'breakdown-password', name: 'Breakdown' });
const tokens = Array.from(
  { length: 20 },
  () =>
    store.grants.issue({ clientId: store.client.id, userId: user.id, scope: '', flowId: 'flw_breakdown' }, { access: 3600, refresh: 86400 })
      .refreshToken,
);
await store.save();
const setup = { snapshots, appends, journalBytes };

let saves = 0;
const save = store.save;
store.save = (changes) => {
  saves++;
  return saveOn ? save(changes) : Promise.resolve();
};

const clients = new ClientRegistry(store);
const traffic = new TrafficLog({ capacity: store.settings.get().trafficRingSize, dataDir });
const keys = await KeyStore.open(store);
const context = createPublicContext({ store, clients, keys, baseUrl: () => 'http://127.0.0.1' });
const recorder = recorderOn
  ? createTrafficRecorder({
      log: traffic,
      getSettings: () => store.settings.get(),
      secrets: clients,
      keys: variant === 'no-jwt-check' ? undefined : keys,
      issuerOf: context.baseUrl,
    })
  : undefined;
const app = createPublicApp(context, { recorder });

process.on('SIGINT', () => {
  const [journalLines, snapshotWrites] = [appends - setup.appends, snapshots - setup.snapshots];
  const perSave = Math.round((journalBytes - setup.journalBytes) / Math.max(saves, 1));
  const batches = saveOn
    ? `, ${(saves / Math.max(journalLines + snapshotWrites, 1)).toFixed(1)} saves per file write (${journalLines} journal appends, ${snapshotWrites} snapshots), ${perSave} B of journal per save`
    : '';
  console.error(`  ${variant}: ${saves} saves${batches}`);
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
});
const server = createServer(withStableShapes(app));
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  console.log(JSON.stringify({ port, clientId: store.client.id, clientSecret: store.client.secret, tokens }));
});

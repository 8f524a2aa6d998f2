import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { openStore, type Store } from '../../../../server/store/store';
import { startTestCore, type TestCore } from '../../support/test-core';
import { crashCopy } from './store-files';

/**
 * What a store test starts and makes — cores, stores, crash copies, folders — closed and removed after each test.
 * `user` is signed up in a core started without options.
 */
export function storeTestResources(user: { email: string; password: string; name: string }) {
  const cores: TestCore[] = [];
  const stores: Store[] = [];
  const dirs: string[] = [];
  afterEach(async () => {
    for (const core of cores.splice(0)) await core.close();
    for (const store of stores.splice(0)) await store.close();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return {
    async start(options: Parameters<typeof startTestCore>[0] = { users: [user] }): Promise<TestCore> {
      const core = await startTestCore(options);
      cores.push(core);
      return core;
    },
    /** See crashCopy. */
    copyOf(dataDir: string): string {
      const copy = crashCopy(dataDir);
      dirs.push(copy);
      return copy;
    },
    newDir(prefix = 'handshake-store-test-'): string {
      const dir = mkdtempSync(join(tmpdir(), prefix));
      dirs.push(dir);
      return dir;
    },
    /** A folder made elsewhere (a core's kept data folder), removed after the test. */
    removeLater(dir: string): string {
      dirs.push(dir);
      return dir;
    },
    /** A core started elsewhere (a restart), closed after the test. */
    track(core: TestCore): TestCore {
      cores.push(core);
      return core;
    },
    /** A core the test closes itself. */
    forget(core: TestCore): void {
      cores.splice(cores.indexOf(core), 1);
    },
    async open(dataDir: string, logs: string[] = []): Promise<Store> {
      const store = await openStore(dataDir, { log: (line) => logs.push(line) });
      stores.push(store);
      return store;
    },
    async closeStore(store: Store): Promise<void> {
      stores.splice(stores.indexOf(store), 1);
      await store.close();
    },
  };
}

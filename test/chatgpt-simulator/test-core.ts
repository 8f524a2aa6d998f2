import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore } from '../../server/core/core';
import type { Core, CoreOptions } from '../../server/core/core-types';
import { ChatGptSimulator, type SimulatorOptions } from './chatgpt-simulator';

export const testUser = { email: 'ada@example.com', password: 'correct horse battery', name: 'Ada' };

export interface RunningCore {
  core: Core;
  baseUrl: string;
  dataDir: string;
  logs: string[];
  client: { id: string; secret: string };
  simulator(options?: Partial<SimulatorOptions>): ChatGptSimulator;
  restart(): Promise<RunningCore>;
  close(options?: { keepData?: boolean }): Promise<void>;
}

/** A real core on 127.0.0.1:0 in a fresh data folder, with one known user. */
export async function startTestCore(options: Partial<CoreOptions> = {}, dataDir = mkdtempSync(join(tmpdir(), 'handshake-test-'))): Promise<RunningCore> {
  const logs: string[] = [];
  const core = await createCore({ dataDir, mode: 'headless', port: 0, log: (line) => logs.push(line), ...options });
  await core.start();
  if (!(await core.control.listUsers()).some((user) => user.email === testUser.email)) await core.control.createUser(testUser);
  const client = await core.control.getClient();
  const running: RunningCore = {
    core,
    baseUrl: core.localUrl,
    dataDir,
    logs,
    client: { id: client.id, secret: client.secret },
    simulator: (overrides = {}) => new ChatGptSimulator({ baseUrl: core.localUrl, clientId: client.id, clientSecret: client.secret, ...overrides }),
    async restart() {
      await core.stop();
      return startTestCore(options, dataDir);
    },
    async close({ keepData = false } = {}) {
      await core.stop();
      if (!keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return running;
}

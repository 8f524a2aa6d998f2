import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClientInput, NewUser } from '../../../server/control/control-api';
import { type ControlServer, startControlServer } from '../../../server/control/http/control-server';
import { createCore } from '../../../server/core/core';
import type { Core, CoreOptions } from '../../../server/core/core-types';
import type { SettingsPatch } from '../../../server/settings/settings';
import { ChatGptClient, type ChatGptClientOptions } from '../../chatgpt-simulator/chatgpt-client';
import { FakeTunnelProvider } from '../tunnel/fake-tunnel-provider';
import { ControlClient } from './control-client';

export interface TestCore {
  core: Core;
  dataDir: string;
  /** http://127.0.0.1:<port> of the public listener. */
  publicUrl: string;
  /** http://127.0.0.1:<port> of the HTTP control adapter. */
  controlUrl: string;
  /** The control API's bearer token. */
  token: string;
  control: ControlServer;
  api: ControlClient;
  /** Startup lines of the core (first-run credentials, moved-aside files). */
  logs: string[];
  /** The tunnel seam the core was given: drive it with `tunnel.last.succeed(url)` after POST /api/tunnel. */
  tunnel: FakeTunnelProvider;
  /** The plugin's OAuth client as the core holds it after start (and after `options.client`). */
  client: { id: string; secret: string };
  /** ChatGPT with this core's client credentials; a fresh plugin callback unless `options` name one. */
  chatGpt(options?: Partial<ChatGptClientOptions>): ChatGptClient;
  /** Stops both listeners and starts again on the same data dir with the same options; the new core owns the dir as this one did. */
  restart(): Promise<TestCore>;
  /** Stops both listeners; deletes the data dir unless the caller gave it (or passed keepDataDir). */
  close(): Promise<void>;
}

export interface TestCoreOptions {
  /** Reuse a data dir (e.g. to test a restart); a fresh temporary one otherwise. */
  dataDir?: string;
  keepDataDir?: boolean;
  /** Applied through PATCH /api/settings after start. */
  settings?: SettingsPatch;
  /** Applied through PUT /api/client after start. */
  client?: ClientInput;
  /** Created through POST /api/users after start (not again on restart: they are in the store). */
  users?: NewUser[];
  /** Extra core options (e.g. a tunnel provider). */
  core?: Partial<Omit<CoreOptions, 'dataDir' | 'port' | 'log'>>;
}

/**
 * The real headless core in a temporary data dir, its public listener and the HTTP control adapter each on
 * 127.0.0.1:0 — what `npm run serve` runs, minus the CLI. The tunnel is a fake provider: ngrok is unreachable here.
 */
export async function startTestCore(options: TestCoreOptions = {}): Promise<TestCore> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'handshake-core-')));
  return startOn(dataDir, options, !options.dataDir && !options.keepDataDir);
}

async function startOn(dataDir: string, options: TestCoreOptions, removeDataDir: boolean): Promise<TestCore> {
  const logs: string[] = [];
  const log = (line: string) => logs.push(line);
  const tunnel = new FakeTunnelProvider();
  const core = await createCore({ mode: 'headless', tunnelProvider: tunnel, ...options.core, dataDir, port: 0, log });
  let control: ControlServer | null = null;
  try {
    await core.start();
    control = await startControlServer({ control: core.control, port: 0, dataDir, log });
    core.setControlUrl(control.url);
  } catch (error) {
    await control?.close();
    await core.stop();
    throw error;
  }
  const api = new ControlClient(control.url, control.token);
  const stop = async () => {
    await control.close();
    await core.stop();
  };
  try {
    if (options.settings) await api.call('PATCH', '/api/settings', options.settings);
    if (options.client) await api.call('PUT', '/api/client', options.client);
    for (const user of options.users ?? []) await api.call('POST', '/api/users', user);
  } catch (error) {
    await stop();
    throw error;
  }
  const client = await core.control.getClient();
  return {
    core,
    dataDir,
    publicUrl: core.localUrl,
    controlUrl: control.url,
    token: control.token,
    control,
    api,
    logs,
    tunnel,
    client: { id: client.id, secret: client.secret },
    chatGpt: (overrides = {}) =>
      new ChatGptClient({ publicUrl: core.localUrl, clientId: client.id, clientSecret: client.secret, ...overrides }),
    async restart() {
      await stop();
      return startOn(dataDir, { ...options, users: [] }, removeDataDir);
    },
    async close() {
      await stop();
      if (removeDataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

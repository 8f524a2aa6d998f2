import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ControlServer, type ControlServerOptions, startControlServer } from '../../../server/control/http/control-server';
import { FakeControlApi } from './fake-control-api';

export interface RunningControlServer {
  server: ControlServer;
  control: FakeControlApi;
  dataDir: string;
  logs: string[];
  auth: { Authorization: string };
  stop(): Promise<void>;
}

/** A real control listener on 127.0.0.1:0 over a fresh FakeControlApi and a temporary data dir. */
export async function startTestControlServer(
  options: Partial<Omit<ControlServerOptions, 'control' | 'port' | 'log'>> = {},
): Promise<RunningControlServer> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'handshake-control-')));
  const control = new FakeControlApi();
  const logs: string[] = [];
  const server = await startControlServer({ ...options, control, port: 0, dataDir, log: (line) => logs.push(line) });
  return {
    server,
    control,
    dataDir,
    logs,
    auth: { Authorization: `Bearer ${server.token}` },
    async stop() {
      await server.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

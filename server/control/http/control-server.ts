import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PortInUseError } from '../../core/core-types';
import { withStableShapes } from '../../http/stable-shapes';
import type { ControlApi } from '../control-api';
import { createControlApp } from './control-app';
import { loadOrCreateControlToken } from './control-token';
import { controlUrlFileName, removeControlUrlFile, writeControlUrlFile } from './control-url-file';
import type { EventStream } from './sse';

export interface ControlServerOptions {
  control: ControlApi;
  /** 0 picks a free port. */
  port: number;
  /** Loopback only; the control surface is never reachable from elsewhere (nor through the tunnel). */
  host?: '127.0.0.1';
  /** Where `control-token` lives (created, mode 0600, when missing). */
  dataDir: string;
  /** The built renderer (dist/renderer), served at `/`. */
  staticDir?: string;
  /** Startup notes and server-side detail of failed calls. Default: console.error. */
  log?: (line: string) => void;
  /** SSE heartbeat interval; default 15 s. */
  heartbeatMs?: number;
}

export interface ControlServer {
  /** http://127.0.0.1:<port> */
  url: string;
  token: string;
  /** The browser dashboard with the token in the fragment, which browsers never send to a server. */
  dashboardUrl: string;
  close(): Promise<void>;
}

/** Starts the loopback HTTP + SSE adapter over the ControlApi (headless mode, desktop scripting API). */
export async function startControlServer(options: ControlServerOptions): Promise<ControlServer> {
  const host = options.host ?? '127.0.0.1';
  if (host !== '127.0.0.1') throw new Error(`the control API listens on 127.0.0.1 only, not ${String(host)}`);
  const log = options.log ?? ((line: string) => console.error(line));
  const token = await loadOrCreateControlToken(options.dataDir, log);

  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE' ? new PortInUseError(options.port) : error);
    };
    server.once('error', onError);
    server.listen(options.port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  const openStreams = new Set<EventStream>();
  server.on(
    'request',
    withStableShapes(
      createControlApp({
        control: options.control,
        token,
        port,
        staticDir: options.staticDir,
        log,
        openStreams,
        events: { heartbeatMs: options.heartbeatMs ?? 15_000, maxQueuedBytes: 8 * 1024 * 1024 },
      }),
    ),
  );

  const url = `http://127.0.0.1:${port}`;
  try {
    await writeControlUrlFile(options.dataDir, url);
  } catch (error) {
    log(`Could not write ${controlUrlFileName} in ${options.dataDir} (npm run check will need --control-url): ${(error as Error).message}`);
  }
  let closing: Promise<void> | null = null;
  return {
    url,
    token,
    dashboardUrl: `${url}/#token=${token}`,
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        for (const stream of [...openStreams]) stream.close();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeIdleConnections();
      }).finally(() => removeControlUrlFile(options.dataDir, url));
      return closing;
    },
  };
}

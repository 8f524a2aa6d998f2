import type { ControlApi } from '../server/control/control-api';
import { PortInUseError } from '../server/core/core-types';

export interface ScriptingServer {
  url: string;
  token: string;
  close(): Promise<void>;
}

export interface ScriptingApiOptions {
  control: ControlApi;
  /** startControlServer with everything but the port already chosen. */
  open(port: number): Promise<ScriptingServer>;
  /** Tells the core (and so status.controlUrl/controlToken) where the API listens and its token, or null. */
  setControlUrl(url: string | null, token?: string): void;
  /** Tried first so scripts find the API in the same place each run; a free port when it is taken. */
  preferredPort?: number;
  log?(line: string): void;
}

export interface ScriptingApi {
  /** Opens or closes the HTTP control API to match settings.scriptingApi. */
  sync(): Promise<void>;
  /** Stops following the setting and closes the API. */
  stop(): Promise<void>;
}

export const defaultScriptingPort = 3031;

/**
 * In the desktop app the loopback HTTP control API exists only while the user has turned on "scripting API":
 * follows `changed: settings` events and opens or closes the server to match. Changes are applied one at a time.
 */
export function manageScriptingApi({
  control,
  open,
  setControlUrl,
  preferredPort = defaultScriptingPort,
  log = console.log,
}: ScriptingApiOptions): ScriptingApi {
  let server: ScriptingServer | null = null;
  let stopped = false;
  let queue: Promise<void> = Promise.resolve();

  const apply = async () => {
    const wanted = !stopped && (await control.getSettings()).scriptingApi;
    if (wanted && !server) {
      server = await openPreferringPort(open, preferredPort);
      setControlUrl(server.url, server.token);
      log(`scripting API listening on ${server.url} (token in <data dir>/control-token)`);
    } else if (!wanted && server) {
      const closing = server;
      server = null;
      setControlUrl(null);
      await closing.close();
      log('scripting API closed');
    }
  };

  const sync = () => {
    queue = queue.then(apply).catch((error: unknown) => log(`scripting API: ${error instanceof Error ? error.message : String(error)}`));
    return queue;
  };

  const unsubscribe = control.subscribe((event) => {
    if (event.type === 'changed' && event.resource === 'settings') void sync();
  });

  return {
    sync,
    stop() {
      stopped = true;
      unsubscribe();
      return sync();
    },
  };
}

async function openPreferringPort(open: (port: number) => Promise<ScriptingServer>, port: number): Promise<ScriptingServer> {
  try {
    return await open(port);
  } catch (error) {
    if (error instanceof PortInUseError && port !== 0) return open(0);
    throw error;
  }
}

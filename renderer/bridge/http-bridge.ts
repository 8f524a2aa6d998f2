import type { ControlApi, ControlEvent, ControlMethodName } from '../../server/control/control-api';
import type { Bridge, ConnectionState } from './bridge';
import { ControlCallError } from './control-call-error';
import { controlRoutes } from './control-routes';
import { readSseStream, SseHttpError } from './sse-stream';

export interface HttpBridgeOptions {
  /** Origin of the control listener, e.g. http://127.0.0.1:4040 */
  baseUrl: string;
  token: string;
  fetch?: typeof fetch;
  /** Reconnect delays for the event stream, doubled per failure up to the max. */
  retryMs?: { initial: number; max: number };
}

/** ControlApi over the headless HTTP + SSE adapter. Transport only: routes come from the contract mirror. */
export function createHttpBridge(options: HttpBridgeOptions): Bridge {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const base = options.baseUrl.replace(/\/$/, '');
  const auth = { Authorization: `Bearer ${options.token}` };

  async function call(name: ControlMethodName, input: unknown): Promise<unknown> {
    const route = controlRoutes[name];
    const [verb, template] = route.http.split(' ') as [string, string];
    const fields: Record<string, unknown> = input && typeof input === 'object' ? { ...(input as object) } : {};
    const path = template.replace(/:([A-Za-z_]+)/g, (_, param: string) => {
      const value = fields[param];
      delete fields[param];
      return encodeURIComponent(String(value ?? ''));
    });
    const init: RequestInit = { method: verb, headers: { ...auth } };
    let url = base + path;
    if (verb === 'GET' || verb === 'DELETE') {
      const query = new URLSearchParams();
      for (const [key, value] of Object.entries(fields)) {
        if (value === undefined || value === null) continue;
        for (const item of Array.isArray(value) ? value : [value]) query.append(key, String(item));
      }
      const text = query.toString();
      if (text) url += `?${text}`;
    } else if (input !== undefined) {
      init.headers = { ...auth, 'Content-Type': 'application/json' };
      init.body = JSON.stringify(fields);
    }
    let response: Response;
    try {
      response = await doFetch(url, init);
    } catch {
      throw new ControlCallError('network', 'Handshake is not reachable. Is the server still running?');
    }
    const body: unknown = await response.json().catch(() => undefined);
    if (!response.ok) {
      const error = (body as { error?: { code?: string; message?: string; field?: string } } | undefined)?.error;
      throw new ControlCallError(
        (error?.code as ControlCallError['code']) ?? (response.status === 401 ? 'unauthorized' : 'failed'),
        error?.message ?? `The request failed (HTTP ${response.status}).`,
        error?.field,
        response.status,
      );
    }
    return body;
  }

  const listeners = new Set<(event: ControlEvent) => void>();
  const connectionListeners = new Set<(state: ConnectionState) => void>();
  let connection: ConnectionState = 'connecting';
  let abort: AbortController | null = null;

  function setConnection(state: ConnectionState) {
    if (state === connection) return;
    connection = state;
    for (const listener of connectionListeners) listener(state);
  }

  async function stream(controller: AbortController) {
    const retry = options.retryMs ?? { initial: 500, max: 10_000 };
    let delay = retry.initial;
    while (!controller.signal.aborted) {
      try {
        await readSseStream(
          `${base}/api/events`,
          { headers: auth, signal: controller.signal, fetch: doFetch },
          () => {
            delay = retry.initial;
            setConnection('online');
          },
          (data) => {
            let event: ControlEvent;
            try {
              event = JSON.parse(data) as ControlEvent;
            } catch {
              return;
            }
            for (const listener of [...listeners]) listener(event);
          },
        );
      } catch (error) {
        if (controller.signal.aborted) return;
        if (error instanceof SseHttpError && error.status === 401) {
          setConnection('unauthorized');
          return;
        }
      }
      if (controller.signal.aborted) return;
      setConnection('reconnecting');
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, retry.max);
    }
  }

  const methods = Object.fromEntries(
    (Object.keys(controlRoutes) as ControlMethodName[]).map((name) => [name, (input: unknown) => call(name, input)]),
  ) as unknown as Omit<ControlApi, 'subscribe'>;

  return {
    ...methods,
    subscribe(listener) {
      listeners.add(listener);
      if (!abort) {
        abort = new AbortController();
        void stream(abort);
      }
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && abort) {
          abort.abort();
          abort = null;
          connection = 'connecting';
        }
      };
    },
    onConnectionChange(listener) {
      connectionListeners.add(listener);
      listener(connection);
      return () => connectionListeners.delete(listener);
    },
  };
}

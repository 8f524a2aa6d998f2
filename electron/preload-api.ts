import type { IpcRenderer, IpcRendererEvent } from 'electron';
import type { ControlApi, ControlEvent } from '../server/control/control-api';
import { controlMethodNameList } from '../server/control/control-method-names';
import { eventsChannel, type IpcResult, methodChannel } from './ipc-protocol';

type IpcRendererLike = Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>;

/**
 * The object the preload exposes as window.handshake: one function per ControlApi method and subscribe(), nothing
 * else. A refused call rejects with a plain { name, code, message, field?, status } object rather than an Error:
 * contextBridge copies an Error's message only and drops .code/.field/.status, while a plain object crosses whole
 * (the renderer's asControlCallError reads either).
 */
export function createPreloadApi(ipc: IpcRendererLike): ControlApi {
  const api: Record<string, unknown> = {};
  for (const name of controlMethodNameList) {
    api[name] = async (input?: unknown) => {
      const result = (await (input === undefined ? ipc.invoke(methodChannel(name)) : ipc.invoke(methodChannel(name), input))) as IpcResult;
      if (result.ok) return result.value;
      throw { name: 'ControlCallError', ...result.error };
    };
  }
  api.subscribe = (listener: (event: ControlEvent) => void) => {
    const onBatch = (_event: IpcRendererEvent, batch: ControlEvent[]) => {
      for (const event of batch) listener(event);
    };
    ipc.on(eventsChannel, onBatch);
    return () => {
      ipc.removeListener(eventsChannel, onBatch);
    };
  };
  return api as unknown as ControlApi;
}

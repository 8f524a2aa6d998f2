import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { type ControlApi, type ControlMethodName, controlContract } from '../server/control/control-api';
import { ControlError } from '../server/control/control-error';
import { type IpcResult, methodChannel } from './ipc-protocol';

export interface ControlIpcOptions {
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>;
  control: ControlApi;
  isTrustedSender(event: IpcMainInvokeEvent): boolean;
  /** Where unexpected failures are written (their details never cross to the renderer). */
  logError?(method: string, error: unknown): void;
}

/**
 * One ipcMain.handle per ControlApi method, generic over controlContract like the HTTP adapter: check the sender,
 * validate the argument with the method's zod schema, call the control service, and answer with an IpcResult
 * (never a thrown error: Electron would pass only its message, with a prefix). Returns the function that removes
 * the handlers.
 */
export function registerControlIpc({ ipcMain, control, isTrustedSender, logError = defaultLogError }: ControlIpcOptions): () => void {
  const names = Object.keys(controlContract) as ControlMethodName[];
  for (const name of names) {
    ipcMain.handle(methodChannel(name), async (event, ...args: unknown[]): Promise<IpcResult> => {
      try {
        if (!isTrustedSender(event)) throw new ControlError('forbidden', 'this window may not use the control API');
        const input = parseInput(name, args);
        const call = control[name] as (input: unknown) => Promise<unknown>;
        return { ok: true, value: await call.call(control, input) };
      } catch (error) {
        return failure(name, error, logError);
      }
    });
  }
  return () => {
    for (const name of names) ipcMain.removeHandler(methodChannel(name));
  };
}

function parseInput(name: ControlMethodName, args: unknown[]): unknown {
  if (args.length > 1) throw new ControlError('invalid_input', `${name} takes one argument`);
  const schema = controlContract[name].input;
  if (!schema) return undefined;
  // Calls whose fields are all optional (listTraffic, updateSettings) may omit the argument.
  const parsed = schema.safeParse(args[0] === undefined ? {} : args[0]);
  if (!parsed.success) throw ControlError.fromZod(parsed.error);
  return parsed.data;
}

function failure(method: string, error: unknown, logError: (method: string, error: unknown) => void): IpcResult {
  if (error instanceof ControlError) {
    const { error: body } = error.toBody();
    return { ok: false, error: { ...body, status: error.status } };
  }
  logError(method, error);
  return { ok: false, error: { code: 'failed', message: 'The request failed; details are in the log.', status: 500 } };
}

function defaultLogError(method: string, error: unknown): void {
  console.error(`[ipc] ${method} failed:`, error);
}

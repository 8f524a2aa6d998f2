import type { ControlErrorBody } from '../server/control/control-api';

/**
 * What travels between preload and main. Kept free of zod and electron so the preload bundle stays tiny.
 * One channel per ControlApi method plus one push channel; there is no generic channel.
 */
export const eventsChannel = 'handshake:events';

export const methodChannel = (method: string): string => `handshake:${method}`;

export type IpcError = ControlErrorBody['error'] & { status: number };

export type IpcResult<T = unknown> = { ok: true; value: T } | { ok: false; error: IpcError };

import type { BrowserWindow, IpcMainInvokeEvent } from 'electron';
import { isAppUrl } from './app-protocol';

/**
 * True only for calls from our window's top-level frame showing our app: not from an iframe, not from another
 * window or webContents, not after the window navigated somewhere else.
 */
export function isTrustedSender(event: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>, window: BrowserWindow | null): boolean {
  if (!window || window.isDestroyed()) return false;
  const frame = event.senderFrame;
  if (!frame || event.sender?.id !== window.webContents.id) return false;
  const main = window.webContents.mainFrame;
  if (frame.processId !== main.processId || frame.routingId !== main.routingId) return false;
  return isAppUrl(frame.url);
}

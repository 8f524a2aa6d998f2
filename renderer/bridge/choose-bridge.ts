import type { Bridge } from './bridge';
import { createHttpBridge } from './http-bridge';

export const tokenStorageKey = 'handshake.controlToken';

/**
 * The Electron preload's API when present; otherwise the HTTP bridge with the token from `#token=…`, which is then
 * removed from the address bar and kept in sessionStorage so a reload still works. null when there is no token.
 */
export function chooseBridge(win: Window = window): Bridge | null {
  if (win.handshake) return win.handshake;
  const token = takeTokenFromFragment(win) ?? win.sessionStorage.getItem(tokenStorageKey);
  if (!token) return null;
  return createHttpBridge({ baseUrl: win.location.origin, token });
}

function takeTokenFromFragment(win: Window): string | null {
  const fragment = new URLSearchParams(win.location.hash.replace(/^#/, ''));
  const token = fragment.get('token');
  if (!token) return null;
  win.sessionStorage.setItem(tokenStorageKey, token);
  fragment.delete('token');
  const rest = fragment.toString();
  win.history.replaceState(win.history.state, '', win.location.pathname + win.location.search + (rest ? `#${rest}` : ''));
  return token;
}

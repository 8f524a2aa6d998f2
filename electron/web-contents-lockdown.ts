import type { Session, WebContents } from 'electron';
import { isAppUrl } from './app-protocol';

/**
 * Links the user may follow out of the app, in the system browser: any https page, and http on loopback (the
 * public listener's own pages, e.g. the manifest). Everything else (file:, javascript:, custom schemes) is dropped.
 */
export function isExternalLinkAllowed(url: string): boolean {
  try {
    const parsed = new URL(url);
    if (parsed.protocol === 'https:') return true;
    return parsed.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(parsed.hostname);
  } catch {
    return false;
  }
}

/**
 * Keeps every webContents on the app: navigation away and new windows are refused; an allowed external link opens
 * in the system browser instead. <webview> cannot be attached.
 */
export function lockDownWebContents(contents: WebContents, openExternal: (url: string) => unknown): void {
  const keepInApp = (event: { preventDefault(): void }, url: string) => {
    if (isAppUrl(url)) return;
    event.preventDefault();
    if (isExternalLinkAllowed(url)) void openExternal(url);
  };
  contents.on('will-navigate', keepInApp);
  contents.on('will-redirect', keepInApp);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isExternalLinkAllowed(url)) void openExternal(url);
    return { action: 'deny' };
  });
}

/**
 * Writing text to the clipboard (the dashboard's Copy buttons): write-only, sanitised, allowed by Chromium only
 * during a click, and only for our own page.
 */
const clipboardWrite = 'clipboard-sanitized-write';

/**
 * The dashboard needs no camera, microphone, notifications, geolocation, HID, serial, USB or clipboard reading:
 * every permission is refused, except clipboard writes from the app itself.
 */
export function denyAllPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) =>
    callback(permission === clipboardWrite && isAppUrl(details?.requestingUrl ?? '')),
  );
  session.setPermissionCheckHandler(
    (_contents, permission, requestingOrigin) => permission === clipboardWrite && isAppUrl(requestingOrigin),
  );
  session.setDevicePermissionHandler(() => false);
}

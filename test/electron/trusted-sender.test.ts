import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./fake-electron'));

import { isTrustedSender } from '../../electron/trusted-sender';
import { BrowserWindow, resetFakeElectron } from './fake-electron';

describe('isTrustedSender', () => {
  let window: BrowserWindow;
  beforeEach(async () => {
    resetFakeElectron();
    window = new BrowserWindow({ width: 800, height: 600 });
    await window.loadURL('app://handshake/index.html');
  });
  const asWindow = (w: BrowserWindow | null) => w as unknown as Electron.BrowserWindow;
  const eventFrom = (sender: unknown, frame: unknown) => ({ sender, senderFrame: frame }) as never;

  it("accepts our window's main frame showing the app", () => {
    expect(isTrustedSender(eventFrom(window.webContents, window.webContents.mainFrame), asWindow(window))).toBe(true);
  });

  it('refuses a sub-frame of our window', () => {
    const iframe = { ...window.webContents.mainFrame, routingId: 2 };
    expect(isTrustedSender(eventFrom(window.webContents, iframe), asWindow(window))).toBe(false);
  });

  it('refuses another webContents', () => {
    const other = new BrowserWindow({ width: 800, height: 600 });
    void other.loadURL('app://handshake/index.html');
    expect(isTrustedSender(eventFrom(other.webContents, other.webContents.mainFrame), asWindow(window))).toBe(false);
  });

  it('refuses our window once it shows another page', async () => {
    for (const url of ['file:///etc/passwd', 'https://evil.example/', 'app://elsewhere/index.html']) {
      await window.loadURL(url);
      expect(isTrustedSender(eventFrom(window.webContents, window.webContents.mainFrame), asWindow(window))).toBe(false);
    }
  });

  it('refuses when the frame is gone or the window is closed', () => {
    expect(isTrustedSender(eventFrom(window.webContents, null), asWindow(window))).toBe(false);
    expect(isTrustedSender(eventFrom(window.webContents, window.webContents.mainFrame), null)).toBe(false);
    window.close();
    expect(isTrustedSender(eventFrom(window.webContents, window.webContents.mainFrame), asWindow(window))).toBe(false);
  });
});

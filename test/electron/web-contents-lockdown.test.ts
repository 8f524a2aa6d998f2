import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./fake-electron'));

import { denyAllPermissions, isExternalLinkAllowed, lockDownWebContents } from '../../electron/web-contents-lockdown';
import { FakeWebContents, fakeSession, resetFakeElectron } from './fake-electron';

describe('web contents lockdown', () => {
  let contents: FakeWebContents;
  const openExternal = vi.fn();
  beforeEach(() => {
    resetFakeElectron();
    openExternal.mockReset();
    contents = new FakeWebContents();
    lockDownWebContents(contents as never, openExternal);
  });

  it('lets the app navigate within itself', () => {
    expect(contents.navigate('app://handshake/index.html')).toBe(true);
    expect(openExternal).not.toHaveBeenCalled();
  });

  it('blocks navigation away, opening https links in the system browser', () => {
    expect(contents.navigate('https://platform.openai.com/docs')).toBe(false);
    expect(openExternal).toHaveBeenCalledWith('https://platform.openai.com/docs');
  });

  it('blocks redirects away too', () => {
    expect(contents.navigate('https://evil.example/', 'will-redirect')).toBe(false);
  });

  it('blocks dangerous schemes without opening them anywhere', () => {
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'http://evil.example/']) {
      expect(contents.navigate(url)).toBe(false);
    }
    expect(openExternal).not.toHaveBeenCalled();
  });

  it('denies every new window, sending allowed links to the system browser', () => {
    expect(contents.windowOpenHandler!({ url: 'https://chatgpt.com/' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler!({ url: 'app://handshake/index.html' })).toEqual({ action: 'deny' });
    expect(openExternal.mock.calls).toEqual([['https://chatgpt.com/']]);
  });

  it('refuses to attach a <webview>', () => {
    let prevented = false;
    contents.emit('will-attach-webview', { preventDefault: () => (prevented = true) }, {}, {});
    expect(prevented).toBe(true);
  });

  it('allows loopback http links (the public listener) but no other plain http', () => {
    expect(isExternalLinkAllowed('http://127.0.0.1:3030/.well-known/ai-plugin.json')).toBe(true);
    expect(isExternalLinkAllowed('http://localhost:3030/')).toBe(true);
    expect(isExternalLinkAllowed('http://example.com/')).toBe(false);
  });
});

describe('permissions', () => {
  beforeEach(() => resetFakeElectron());

  const request = (permission: string, requestingUrl: string) => {
    const callback = vi.fn();
    fakeSession.permissionRequestHandler!({}, permission, callback, { requestingUrl });
    expect(callback).toHaveBeenCalledOnce();
    return callback.mock.calls[0][0] as boolean;
  };

  it('denies every permission request and check', () => {
    denyAllPermissions(fakeSession as never);
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'hid', 'fullscreen']) {
      expect(request(permission, 'app://handshake/index.html'), permission).toBe(false);
      expect(fakeSession.permissionCheckHandler!({}, permission, 'app://handshake'), permission).toBe(false);
    }
    expect(fakeSession.devicePermissionHandler!({ deviceType: 'usb' })).toBe(false);
  });

  it("allows clipboard writes (the Copy buttons) for the app's own page only", () => {
    denyAllPermissions(fakeSession as never);
    expect(request('clipboard-sanitized-write', 'app://handshake/index.html')).toBe(true);
    expect(fakeSession.permissionCheckHandler!({}, 'clipboard-sanitized-write', 'app://handshake')).toBe(true);
    expect(request('clipboard-sanitized-write', 'https://evil.example/')).toBe(false);
    expect(fakeSession.permissionCheckHandler!({}, 'clipboard-sanitized-write', 'https://evil.example')).toBe(false);
    expect(request('clipboard-sanitized-write', 'file:///tmp/x.html')).toBe(false);
  });
});

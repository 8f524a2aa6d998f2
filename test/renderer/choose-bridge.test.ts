import { chooseBridge, tokenStorageKey } from '../../renderer/bridge/choose-bridge';
import { FakeControlApi } from './fake-control-api';

describe('choosing a bridge', () => {
  beforeEach(() => {
    sessionStorage.clear();
    delete window.handshake;
    history.replaceState(null, '', '/');
  });

  it('uses the Electron preload API when present', () => {
    const preload = new FakeControlApi();
    window.handshake = preload;
    history.replaceState(null, '', '/#token=abc');
    expect(chooseBridge()).toBe(preload);
  });

  it('takes the token from the fragment, removes it from the address bar and keeps it for reloads', () => {
    history.replaceState(null, '', '/?x=1#token=abc123&view=traffic');
    const bridge = chooseBridge();
    expect(bridge).not.toBeNull();
    expect(typeof bridge!.getStatus).toBe('function');
    expect(location.hash).toBe('#view=traffic');
    expect(location.search).toBe('?x=1');
    expect(sessionStorage.getItem(tokenStorageKey)).toBe('abc123');
    expect(chooseBridge()).not.toBeNull();
  });

  it('has no bridge without a token', () => {
    expect(chooseBridge()).toBeNull();
  });
});

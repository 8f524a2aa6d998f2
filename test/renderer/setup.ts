import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

// Bridge tests run in the node environment (real sockets, Node's fetch); the rest in jsdom.
if (typeof window !== 'undefined') {
  // Node 25+ has Web Storage globals of its own (undefined without --localstorage-file), and Vitest leaves a global
  // that Node already has in place: point them back at jsdom's, which is what a browser gives the dashboard.
  const dom = (globalThis as unknown as { jsdom: { window: Pick<typeof globalThis, 'localStorage' | 'sessionStorage' | 'Storage'> } })
    .jsdom;
  for (const name of ['localStorage', 'sessionStorage', 'Storage'] as const) {
    Object.defineProperty(globalThis, name, { configurable: true, get: () => dom.window[name] });
  }

  afterEach(() => {
    cleanup();
    // The dashboard keeps its view and filters in the URL and its layout in localStorage: each test starts afresh.
    window.history.replaceState(null, '', '/');
    localStorage.clear();
  });

  // jsdom has no layout: give elements a size so the virtualised traffic list renders rows, and a ResizeObserver.
  Object.defineProperty(HTMLElement.prototype, 'offsetHeight', { configurable: true, get: () => 600 });
  Object.defineProperty(HTMLElement.prototype, 'offsetWidth', { configurable: true, get: () => 1000 });
  Object.defineProperty(Element.prototype, 'clientHeight', { configurable: true, get: () => 600 });
  Object.defineProperty(Element.prototype, 'clientWidth', { configurable: true, get: () => 1000 });
  class NoopResizeObserver {
    observe() {}
    unobserve() {}
    disconnect() {}
  }
  globalThis.ResizeObserver ??= NoopResizeObserver as unknown as typeof ResizeObserver;
  Element.prototype.scrollTo ??= function scrollTo() {};
}

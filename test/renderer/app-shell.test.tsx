import { act, render, screen, waitFor } from '@testing-library/react';
import { App } from '../../renderer/app/app';
import { NoToken } from '../../renderer/app/no-token';
import type { Bridge, ConnectionState } from '../../renderer/bridge/bridge';
import { FakeControlApi, makeEntry } from './fake-control-api';
import { renderApp } from './render-app';

describe('app shell', () => {
  // These tests walk the classic plugin path (Setup opens on the MCP path by default).
  beforeEach(() => localStorage.setItem('handshake.setupPath', 'classic'));

  it('marks the current view and counts requests in the sidebar', async () => {
    const api = new FakeControlApi();
    api.traffic.push(makeEntry(), makeEntry({ status: 401, kind: 'token', method: 'POST', path: '/oauth/token' }));
    const { user } = await renderApp('Setup', api);
    expect(screen.getByRole('button', { name: /^Setup/ })).toHaveAttribute('aria-current', 'page');
    expect(await screen.findByLabelText('2 requests, 1 with problems')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: /^Users/ }));
    expect(screen.getByRole('button', { name: /^Users/ })).toHaveAttribute('aria-current', 'page');
    expect(screen.getByRole('button', { name: /^Setup/ })).not.toHaveAttribute('aria-current');
  });

  it('explains a lost connection and refetches when it is back', async () => {
    const api = new FakeControlApi();
    let report: (state: ConnectionState) => void = () => {};
    const bridge: Bridge = Object.assign(api, {
      onConnectionChange(listener: (state: ConnectionState) => void) {
        report = listener;
        listener('online');
        return () => {};
      },
    });
    render(<App bridge={bridge} />);
    await screen.findByLabelText('Client ID');
    act(() => report('reconnecting'));
    expect(await screen.findByText(/Lost the connection to Handshake/)).toBeInTheDocument();
    const before = api.calls.filter((c) => c.method === 'listTraffic').length;
    api.traffic.push(makeEntry({ path: '/missed-while-down' }));
    act(() => report('online'));
    await waitFor(() => expect(screen.queryByText(/Lost the connection/)).not.toBeInTheDocument());
    await waitFor(() => expect(api.calls.filter((c) => c.method === 'listTraffic').length).toBe(before + 1));
  });

  it('says how to get a valid link when the token is refused', async () => {
    const api = new FakeControlApi();
    const bridge: Bridge = Object.assign(api, {
      onConnectionChange(listener: (state: ConnectionState) => void) {
        listener('unauthorized');
        return () => {};
      },
    });
    render(<App bridge={bridge} />);
    expect(await screen.findByText('This dashboard link is no longer valid')).toBeInTheDocument();
  });

  it('tells a visitor without a token where the dashboard link comes from', () => {
    render(<NoToken />);
    expect(screen.getByRole('heading', { name: 'Open the dashboard from its link' })).toBeInTheDocument();
    expect(screen.getByText(/npm run serve/)).toBeInTheDocument();
  });
});

describe('document title', () => {
  it('names the open view', async () => {
    const { user } = await renderApp();
    expect(document.title).toBe('Setup · Handshake');
    await user.click(screen.getByRole('button', { name: /^Traffic/ }));
    expect(document.title).toBe('Traffic · Handshake');
  });
});

describe('under StrictMode (development builds mount, unmount and mount again)', () => {
  // These tests walk the classic plugin path (Setup opens on the MCP path by default).
  beforeEach(() => localStorage.setItem('handshake.setupPath', 'classic'));

  it('still receives pushed events', async () => {
    const { StrictMode } = await import('react');
    const api = new FakeControlApi();
    render(
      <StrictMode>
        <App bridge={api} />
      </StrictMode>,
    );
    await screen.findByLabelText('Client ID');
    act(() => api.receive(makeEntry()));
    expect(await screen.findByLabelText('1 requests')).toBeInTheDocument();
    expect(api.subscriberCount).toBe(1);
  });
});

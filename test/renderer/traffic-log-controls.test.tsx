import { act, screen, waitFor, within } from '@testing-library/react';
import { trafficRingBounds } from '../../renderer/views/settings/traffic-log-section';
import { settingsSchema } from '../../server/settings/settings';
import { FakeControlApi, makeEntry } from './fake-control-api';
import { renderApp } from './render-app';

const rows = () => within(screen.getByRole('listbox', { name: 'Requests, newest first' })).getAllByRole('option');

beforeEach(() => {
  localStorage.clear();
  window.history.replaceState(null, '', '/');
});

describe('the log’s capacity, Pause live and collapsed repeats', () => {
  it('shows how many requests are kept and changes it in Settings', async () => {
    const api = new FakeControlApi();
    api.traffic.push(makeEntry());
    const { user } = await renderApp('Traffic', api);
    await user.click(await screen.findByRole('button', { name: 'keeps newest 5,000' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Settings' })).toBeInTheDocument();
    const card = screen.getByRole('region', { name: 'Traffic log' });
    expect(card).toHaveTextContent('Keeping the newest 5,000 requests · 1 in the log now.');
    const input = within(card).getByLabelText('Requests kept');
    await user.clear(input);
    await user.type(input, '50');
    expect(input).toHaveAttribute('aria-invalid', 'true');
    expect(input).toHaveAccessibleDescription('A whole number from 100 to 200,000.');
    await user.type(input, '000');
    await user.click(within(card).getByRole('button', { name: 'Keep this many' }));
    expect(await within(card).findByRole('status')).toHaveTextContent('Saved.');
    expect(api.settings.trafficRingSize).toBe(50_000);
    await user.type(input, '1');
    expect(within(card).queryByRole('status')).toBeNull();
  });

  it('checks the size with the same bounds as the settings schema', () => {
    const size = settingsSchema.shape.trafficRingSize;
    expect(size.safeParse(trafficRingBounds.min).success).toBe(true);
    expect(size.safeParse(trafficRingBounds.min - 1).success).toBe(false);
    expect(size.safeParse(trafficRingBounds.max).success).toBe(true);
    expect(size.safeParse(trafficRingBounds.max + 1).success).toBe(false);
  });

  it('says older requests are dropped when the log is full', async () => {
    const api = new FakeControlApi();
    api.settings.trafficRingSize = 100;
    for (let i = 0; i < 100; i++) api.traffic.push(makeEntry({ path: `/p${i}` }));
    await renderApp('Traffic', api);
    expect(await screen.findByRole('button', { name: 'newest 100 kept — older dropped' })).toBeInTheDocument();
  });

  it('Pause live holds the list still and counts what arrives; Resume shows it', async () => {
    const api = new FakeControlApi();
    api.traffic.push(makeEntry({ path: '/first' }));
    const { user } = await renderApp('Traffic', api);
    await waitFor(() => expect(rows()).toHaveLength(1));
    await user.click(screen.getByRole('button', { name: 'Pause live' }));
    act(() => {
      api.receive(makeEntry({ path: '/second' }));
      api.receive(makeEntry({ path: '/third' }));
    });
    const resume = await screen.findByRole('button', { name: 'Resume live (2 new)' });
    expect(resume).toHaveAttribute('aria-pressed', 'true');
    expect(rows()).toHaveLength(1);
    await user.click(resume);
    await waitFor(() => expect(rows()).toHaveLength(3));
  });

  it('collapses identical consecutive requests into one row with a count, and can show each', async () => {
    const api = new FakeControlApi();
    api.traffic.push(makeEntry({ kind: 'token', method: 'POST', path: '/oauth/token' }));
    for (let i = 0; i < 12; i++) api.traffic.push(makeEntry());
    const { user } = await renderApp('Traffic', api);
    await waitFor(() => expect(rows()).toHaveLength(2));
    expect(rows()[0]).toHaveTextContent('×12');
    expect(rows()[1]).toHaveTextContent('/oauth/token');
    await user.click(screen.getByRole('checkbox', { name: 'Collapse repeats' }));
    await waitFor(() => expect(rows()).toHaveLength(13));
  });
});

describe('feedback on traffic actions', () => {
  it('Export HAR and Clear say what they did; the next filter change clears it', async () => {
    const api = new FakeControlApi();
    api.traffic.push(makeEntry(), makeEntry({ path: '/x' }));
    URL.createObjectURL ??= () => 'blob:x';
    URL.revokeObjectURL ??= () => {};
    const { user } = await renderApp('Traffic', api);
    await waitFor(() => expect(rows()).toHaveLength(2));
    await user.click(screen.getByRole('button', { name: /Export HAR/ }));
    expect(await screen.findByRole('status')).toHaveTextContent('Exported 2 requests as HAR');
    await user.type(screen.getByRole('searchbox', { name: 'Search requests' }), 'x');
    await waitFor(() => expect(screen.queryByText(/Exported 2 requests/)).toBeNull());
  });
});

describe('layout and the address bar', () => {
  it('collapses the sidebar and remembers it', async () => {
    const { user } = await renderApp();
    const toggle = screen.getByRole('button', { name: 'Collapse the sidebar' });
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    await user.click(toggle);
    expect(screen.getByRole('button', { name: 'Expand the sidebar' })).toHaveAttribute('aria-expanded', 'false');
    expect(document.querySelector('.shell')).toHaveClass('sidebar-collapsed');
    expect(localStorage.getItem('handshake.sidebarCollapsed')).toBe('true');
    // Labels stay for screen readers.
    expect(screen.getByRole('button', { name: /^Traffic/ })).toBeInTheDocument();
  });

  it('keeps the view, filters and selected entry in the URL, and opens them from it', async () => {
    const api = new FakeControlApi();
    const token = makeEntry({ kind: 'token', method: 'POST', path: '/oauth/token', status: 401 });
    api.traffic.push(makeEntry(), token);
    const { user, unmount } = await renderApp('Traffic', api);
    await user.selectOptions(screen.getByRole('combobox', { name: 'Kind' }), 'token');
    await user.click(await screen.findByRole('option', { name: /oauth\/token/ }));
    const hash = new URLSearchParams(window.location.hash.slice(1));
    expect(Object.fromEntries(hash)).toMatchObject({ view: 'traffic', kind: 'token', entry: token.id });
    unmount();
    window.history.replaceState(null, '', `/#${hash.toString()}`);
    await renderApp('Setup', api);
    expect(await screen.findByRole('heading', { level: 1, name: 'Traffic' })).toBeInTheDocument();
    expect(screen.getByRole('combobox', { name: 'Kind' })).toHaveValue('token');
    expect(await screen.findByRole('region', { name: 'Request detail' })).toHaveTextContent('/oauth/token');
  });

  it('the split between list and detail moves with the keyboard', async () => {
    const api = new FakeControlApi();
    api.traffic.push(makeEntry());
    const { user } = await renderApp('Traffic', api);
    await user.click(await screen.findByRole('option', { name: /ai-plugin/ }));
    await screen.findByRole('region', { name: 'Request detail' });
    const handle = screen.getByRole('separator', { name: 'Resize the list and the detail' });
    const before = Number(handle.getAttribute('aria-valuenow'));
    handle.focus();
    await user.keyboard('{ArrowLeft}');
    expect(Number(handle.getAttribute('aria-valuenow'))).toBe(before + 32);
    expect(JSON.parse(localStorage.getItem('handshake.trafficSplit')!).side).toBe(before + 32);
  });
});

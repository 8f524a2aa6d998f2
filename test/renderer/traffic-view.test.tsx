import { act, screen, waitFor, within } from '@testing-library/react';
import { FakeControlApi, installFlow, makeEntry } from './fake-control-api';
import { renderApp } from './render-app';

function rowsOf(list: HTMLElement) {
  return within(list).getAllByRole('option');
}

describe('Traffic view', () => {
  it('says what to do while the log is empty', async () => {
    await renderApp('Traffic');
    expect(await screen.findByText('No requests yet')).toBeInTheDocument();
  });

  it('shows the snapshot newest first and adds live entries without reload', async () => {
    const api = new FakeControlApi();
    for (const entry of installFlow()) api.traffic.push(entry);
    await renderApp('Traffic', api);
    const list = await screen.findByRole('listbox', { name: 'Requests, newest first' });
    expect(rowsOf(list)).toHaveLength(5);
    expect(rowsOf(list)[0]).toHaveTextContent('/oauth/token');
    act(() => api.receive(makeEntry({ kind: 'api', path: '/todos', status: 200 })));
    await waitFor(() => expect(rowsOf(list)).toHaveLength(6));
    expect(rowsOf(list)[0]).toHaveTextContent('/todos');
    expect(screen.getByText('6 requests')).toBeInTheDocument();
  });

  it('merges an event that arrives while the snapshot loads, by id', async () => {
    const api = new FakeControlApi();
    const [first, second] = installFlow();
    api.traffic.push(first, second);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const listTraffic = api.listTraffic.bind(api);
    api.listTraffic = async (query) => {
      const rows = await listTraffic(query);
      await gate;
      return rows;
    };
    await renderApp('Traffic', api);
    const late = makeEntry({ kind: 'api', path: '/todos' });
    act(() => {
      api.receive(second); // also in the snapshot: must not duplicate
      api.receive(late); // not in the snapshot the server already built
    });
    await act(async () => release());
    const list = await screen.findByRole('listbox');
    await waitFor(() => expect(rowsOf(list)).toHaveLength(3));
    expect(api.calls.findIndex((c) => c.method === 'subscribe')).toBeLessThan(api.calls.findIndex((c) => c.method === 'listTraffic'));
  });

  it('filters by kind, status and text', async () => {
    const api = new FakeControlApi();
    for (const entry of installFlow()) api.traffic.push(entry);
    const { user } = await renderApp('Traffic', api);
    const list = await screen.findByRole('listbox');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Kind' }), 'token');
    await waitFor(() => expect(rowsOf(list)).toHaveLength(1));
    await user.selectOptions(screen.getByRole('combobox', { name: 'Kind' }), '');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Status' }), '2xx');
    await waitFor(() => expect(rowsOf(screen.getByRole('listbox'))).toHaveLength(3));
    await user.selectOptions(screen.getByRole('combobox', { name: 'Status' }), 'problems');
    await waitFor(() => expect(rowsOf(screen.getByRole('listbox'))).toHaveLength(1));
    await user.selectOptions(screen.getByRole('combobox', { name: 'Status' }), '');
    await user.type(screen.getByRole('searchbox', { name: 'Search requests' }), 'openapi');
    await waitFor(() => expect(rowsOf(screen.getByRole('listbox'))).toHaveLength(1));
    expect(screen.getByText('1 of 5')).toBeInTheDocument();
    await user.clear(screen.getByRole('searchbox', { name: 'Search requests' }));
    await user.type(screen.getByRole('searchbox', { name: 'Search requests' }), 'no such thing');
    expect(await screen.findByText('No request matches these filters')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Clear filters' }));
    await waitFor(() => expect(rowsOf(screen.getByRole('listbox'))).toHaveLength(5));
  });

  it('opens a request with its diagnosis on top, headers and pretty bodies, and reveals only the configured secret', async () => {
    const api = new FakeControlApi();
    const flow = installFlow();
    flow[4].request.headers.authorization = 'Basic •••• WXYZ (matches the configured client secret)';
    for (const entry of flow) api.traffic.push(entry);
    const { user } = await renderApp('Traffic', api);
    await user.click(within(await screen.findByRole('listbox')).getAllByRole('option')[0]);
    const detail = await screen.findByRole('region', { name: 'Request detail' });
    const diagnosis = await within(detail).findByRole('list', { name: 'Diagnosis' });
    expect(diagnosis).toHaveTextContent('client_secret_mismatch');
    expect(
      diagnosis.compareDocumentPosition(within(detail).getByRole('table', { name: 'Request headers' })) & Node.DOCUMENT_POSITION_FOLLOWING,
    ).toBeTruthy();
    expect(within(detail).getByLabelText('Response body')).toHaveTextContent('"error": "invalid_client"');
    const headers = within(detail).getByRole('table', { name: 'Request headers' });
    expect(headers).not.toHaveTextContent(api.client.secret);
    await user.click(await within(detail).findByRole('checkbox', { name: /Use the configured client secret/ }));
    await waitFor(() => expect(within(detail).getByRole('table', { name: 'Request headers' })).toHaveTextContent(api.client.secret));
    expect(within(detail).getByLabelText('Request body')).toHaveTextContent('•••• nope');
  });

  it('lists query parameters, empty ones included', async () => {
    const api = new FakeControlApi();
    for (const entry of installFlow()) api.traffic.push(entry);
    const { user } = await renderApp('Traffic', api);
    await user.click(within(await screen.findByRole('listbox')).getByRole('option', { name: /GET\s*\/oauth\/authorize/ }));
    const query = await screen.findByRole('table', { name: 'Query parameters' });
    expect(within(query).getByRole('rowheader', { name: 'state' }).nextElementSibling).toHaveTextContent('9b1e4c2a-1111');
    expect(within(query).getByRole('rowheader', { name: 'scope' }).nextElementSibling).toHaveTextContent('(empty)');
  });

  it('moves the selection with the keyboard and closes with Escape', async () => {
    const api = new FakeControlApi();
    for (const entry of installFlow()) api.traffic.push(entry);
    const { user } = await renderApp('Traffic', api);
    const list = await screen.findByRole('listbox');
    list.focus();
    await user.keyboard('{ArrowDown}');
    expect(rowsOf(list)[0]).toHaveAttribute('aria-selected', 'true');
    await user.keyboard('{ArrowDown}');
    expect(rowsOf(list)[1]).toHaveAttribute('aria-selected', 'true');
    expect(await screen.findByRole('region', { name: 'Request detail' })).toBeInTheDocument();
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Request detail' })).not.toBeInTheDocument());
  });

  it('draws the flow of an install with the failure marked', async () => {
    const api = new FakeControlApi();
    for (const entry of installFlow()) api.traffic.push(entry);
    const { user } = await renderApp('Traffic', api);
    await user.click(within(await screen.findByRole('listbox')).getAllByRole('option')[0]);
    await user.click(await screen.findByRole('button', { name: /Show this install as a sequence diagram/ }));
    const flow = screen.getByRole('region', { name: 'Flow' });
    expect(within(flow).getByRole('group', { name: 'Sequence diagram of 3 requests, 1 failed' })).toBeInTheDocument();
    const steps = within(flow).getByRole('list', { name: 'Requests in this flow' });
    expect(within(steps).getAllByRole('button')).toHaveLength(3);
    expect(within(steps).getAllByRole('button')[2]).toHaveClass('failed');
    expect(flow.querySelectorAll('.flow-message.failed')).toHaveLength(1);
    await user.click(within(steps).getAllByRole('button')[0]);
    await waitFor(() => expect(screen.getByRole('region', { name: 'Request detail' })).toHaveTextContent('/oauth/authorize'));
  });

  it('clears after confirmation, and shows a failed clear where it happened', async () => {
    const api = new FakeControlApi();
    for (const entry of installFlow()) api.traffic.push(entry);
    const { user } = await renderApp('Traffic', api);
    await screen.findByRole('listbox');
    api.failNext.clearTraffic = Object.assign(new Error('the history file is locked'), { code: 'failed' });
    await user.click(screen.getByRole('button', { name: 'Clear traffic' }));
    await user.click(screen.getByRole('button', { name: 'Clear all requests' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Clear failed: the history file is locked');
    await user.click(screen.getByRole('button', { name: 'Clear traffic' }));
    await user.click(screen.getByRole('button', { name: 'Clear all requests' }));
    expect(await screen.findByText('No requests yet')).toBeInTheDocument();
  });

  it('exports HAR as a download', async () => {
    const api = new FakeControlApi();
    api.traffic.push(makeEntry());
    const created: Blob[] = [];
    URL.createObjectURL = (blob: Blob) => (created.push(blob), 'blob:har');
    URL.revokeObjectURL = () => {};
    const clicked: string[] = [];
    const click = HTMLAnchorElement.prototype.click;
    HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
      clicked.push(this.download);
    };
    try {
      const { user } = await renderApp('Traffic', api);
      await screen.findByRole('listbox');
      await user.click(screen.getByRole('button', { name: /Export HAR/ }));
      await waitFor(() => expect(clicked).toHaveLength(1));
      expect(clicked[0]).toMatch(/^handshake-.*\.har$/);
      expect(JSON.parse(await created[0].text())).toMatchObject({ log: { version: '1.2' } });
    } finally {
      HTMLAnchorElement.prototype.click = click;
    }
  });
});

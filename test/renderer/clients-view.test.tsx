import { screen, waitFor, within } from '@testing-library/react';
import { FakeControlApi } from './fake-control-api';
import { renderApp } from './render-app';

describe('Clients view', () => {
  it('lists the classic client, adds a client showing its secret once, and deletes it', async () => {
    const { api, user } = await renderApp('Clients');
    const list = await screen.findByRole('list', { name: 'Clients' });
    expect(within(list).getByText('Classic plugin')).toBeInTheDocument();

    const form = screen.getByRole('form', { name: 'Add a client' });
    await user.type(within(form).getByRole('textbox', { name: 'Name' }), 'MCP Inspector');
    await user.type(within(form).getByRole('textbox', { name: 'Redirect URIs' }), 'http://localhost:6274/oauth/callback');
    await user.click(within(form).getByRole('button', { name: 'Add client' }));

    const created = await screen.findByRole('status');
    expect(created).toHaveTextContent('shown only now');
    expect(created).toHaveTextContent(/hss_new\w+/);
    expect(api.calls.find((call) => call.method === 'createClient')?.input).toEqual({
      name: 'MCP Inspector',
      redirectUris: ['http://localhost:6274/oauth/callback'],
      tokenEndpointAuthMethod: 'client_secret_basic',
    });
    const row = await screen.findByRole('listitem', { name: 'MCP Inspector' });
    expect(within(row).getByText('Added by you')).toBeInTheDocument();

    await user.click(within(row).getByRole('button', { name: 'Delete MCP Inspector' }));
    await user.click(within(row).getByRole('button', { name: 'Delete MCP Inspector' }));
    await waitFor(() => expect(screen.queryByRole('listitem', { name: 'MCP Inspector' })).not.toBeInTheDocument());
  });

  it('names the field a refused client got wrong', async () => {
    const { user } = await renderApp('Clients');
    const form = screen.getByRole('form', { name: 'Add a client' });
    await user.type(within(form).getByRole('textbox', { name: 'Name' }), 'Plain http');
    await user.type(within(form).getByRole('textbox', { name: 'Redirect URIs' }), 'http://example.com/cb');
    await user.click(within(form).getByRole('button', { name: 'Add client' }));
    expect(await screen.findByText(/http is allowed only for loopback/)).toBeInTheDocument();
    expect(within(form).getByRole('textbox', { name: 'Redirect URIs' })).toHaveAttribute('aria-invalid', 'true');
  });

  it('shows when a registered client was last used and when it will be forgotten unless used', async () => {
    const api = new FakeControlApi();
    api.clients.push({
      id: 'dcr_flood1',
      kind: 'dcr',
      name: 'Registered by a host',
      redirectUris: ['https://chatgpt.com/connector/oauth/abc'],
      tokenEndpointAuthMethod: 'none',
      documentHost: null,
      secretFingerprint: null,
      createdAt: '2026-11-01T10:00:00.000Z',
      lastUsedAt: '2026-11-20T10:00:00.000Z',
      expiresAt: '2026-12-20T10:00:00.000Z',
      activeGrants: 0,
    });
    await renderApp('Clients', api);
    const row = await screen.findByRole('listitem', { name: 'Registered by a host' });
    expect(row).toHaveTextContent(`last used ${new Date('2026-11-20T10:00:00.000Z').toLocaleString()}`);
    expect(row).toHaveTextContent(`forgotten ${new Date('2026-12-20T10:00:00.000Z').toLocaleDateString()} unless used`);
    const classic = screen.getByRole('listitem', { name: /Classic plugin/ });
    expect(classic).not.toHaveTextContent('forgotten');
  });
});

import { screen, waitFor, within } from '@testing-library/react';
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
});

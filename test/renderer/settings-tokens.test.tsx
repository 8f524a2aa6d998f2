import { screen, waitFor, within } from '@testing-library/react';
import { renderApp } from './render-app';

describe('Settings: Tokens', () => {
  it('switches the token format, typ, algorithm and forwarding through the control API', async () => {
    const { api, user } = await renderApp('Settings');
    const tokens = await screen.findByRole('region', { name: 'Tokens' });
    await user.click(within(tokens).getByRole('radio', { name: 'JWT (as Auth0 and Keycloak send)' }));
    await waitFor(() => expect(api.settings.accessTokenTyp).toBe('JWT'));
    await user.click(within(tokens).getByRole('radio', { name: 'ES256' }));
    await waitFor(() => expect(api.settings.signingAlgorithm).toBe('ES256'));
    await user.click(within(tokens).getByRole('checkbox', { name: /Forward the client’s Authorization header/ }));
    await waitFor(() => expect(api.settings.forwardAuthorization).toBe(false));
    expect(tokens).toHaveTextContent('not the “token passthrough” the MCP spec forbids');
    await user.click(within(tokens).getByRole('radio', { name: 'Opaque (random string)' }));
    await waitFor(() => expect(api.settings.accessTokenFormat).toBe('opaque'));
    expect(within(tokens).getByRole('radio', { name: 'at+jwt (RFC 9068)' })).toBeDisabled();
  });

  it('lists the signing keys, rotates, and retires the old key at once only after a confirmation', async () => {
    const { api, user } = await renderApp('Settings');
    const tokens = await screen.findByRole('region', { name: 'Tokens' });
    const table = await within(tokens).findByRole('table', { name: 'Signing keys' });
    expect(within(table).getAllByRole('row')).toHaveLength(2);
    expect(table).toHaveTextContent('kid-currentRS256');
    expect(table).not.toHaveTextContent(/"d"|PRIVATE/);
    await user.click(within(tokens).getByRole('button', { name: 'Rotate signing key' }));
    await waitFor(() => expect(within(table).getAllByRole('row')).toHaveLength(3));
    expect(within(table).getAllByRole('row')[2]).toHaveTextContent('retired, still in the JWKS');
    await user.click(within(tokens).getByRole('button', { name: 'Rotate and retire the old key now (simulate a bad rotation)' }));
    expect(api.calls.filter((call) => call.method === 'rotateSigningKey')).toHaveLength(1);
    await user.click(within(tokens).getByRole('button', { name: 'Retire it now' }));
    await waitFor(() => expect(within(table).getAllByRole('row')).toHaveLength(4));
    expect(api.calls.filter((call) => call.method === 'rotateSigningKey').map((call) => call.input)).toEqual([
      { retireNow: false },
      { retireNow: true },
    ]);
    expect(within(table).getAllByRole('row')[2]).toHaveTextContent('retired, gone from the JWKS');
    expect(tokens).toHaveTextContent('Only introspection (or short lifetimes) shows a revocation');
  });
});

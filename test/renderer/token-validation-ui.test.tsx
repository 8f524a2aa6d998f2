import { screen, waitFor, within } from '@testing-library/react';
import { checkRun, checkStep } from './check-run-fixture';
import { FakeControlApi } from './fake-control-api';
import { renderApp } from './render-app';

describe('Mint tokens like (Settings)', () => {
  it('switches the shape and shows the verifier configuration and jose code that shape needs', async () => {
    const { api, user } = await renderApp('Settings');
    const select = await screen.findByLabelText('Mint tokens like');
    await waitFor(() => expect(select).toHaveValue('handshake'));
    const handshake = screen.getByRole('table', { name: 'Verifier configuration for Handshake (RFC 9068)' });
    expect(within(handshake).getByRole('row', { name: /Header typ/ })).toHaveTextContent('at+jwt');

    await user.selectOptions(select, 'okta');
    await waitFor(() => expect(api.settings.tokenShape).toBe('okta'));
    const okta = await screen.findByRole('table', { name: 'Verifier configuration for Okta' });
    expect(within(okta).getByRole('row', { name: /Issuer/ })).toHaveTextContent('http://127.0.0.1:3030/oauth2/default');
    expect(within(okta).getByRole('row', { name: /Keys/ })).toHaveTextContent('http://127.0.0.1:3030/oauth2/default/v1/keys');
    expect(within(okta).getByRole('row', { name: /Scopes/ })).toHaveTextContent('scp, array');
    expect(screen.getByLabelText('jose verifier for Okta')).toHaveTextContent("issuer: 'http://127.0.0.1:3030/oauth2/default'");
    expect(screen.getByText(/Scopes are in scp, an array/)).toBeInTheDocument();

    await user.selectOptions(select, 'cognito');
    const cognito = await screen.findByRole('table', { name: 'Verifier configuration for Amazon Cognito' });
    expect(within(cognito).getByRole('row', { name: /Audience/ })).toHaveTextContent('none in the token');
    expect(within(cognito).getByRole('row', { name: /Require token_use/ })).toHaveTextContent('access');
  });
});

describe('Token validation faults (Settings → Fault injection)', () => {
  it('rotates and retires keys, skews the clock, takes the JWKS down and fails the next refresh', async () => {
    const { api, user } = await renderApp('Settings');
    await user.click(await screen.findByRole('button', { name: 'Rotate and retire the old key now' }));
    expect(await screen.findByText(/Keys rotated and the old key retired now/)).toBeInTheDocument();
    expect(api.calls.find((call) => call.method === 'injectFault')?.input).toEqual({ kind: 'rotate-keys', retireNow: true });

    const skew = screen.getByLabelText('Clock skew (s)');
    await user.clear(skew);
    await user.type(skew, 'soon');
    expect(screen.getByText('−86400 to 86400 s')).toBeInTheDocument();
    await user.clear(skew);
    await user.type(skew, '-120');
    await user.click(screen.getByRole('button', { name: 'Mint tokens with this skew' }));
    const list = await screen.findByRole('list', { name: 'Active faults' });
    expect(list).toHaveTextContent('Clock skew: tokens minted -120 s off — until cleared');

    await user.click(screen.getByRole('button', { name: 'Answer 503' }));
    await waitFor(() => expect(screen.getByRole('list', { name: 'Active faults' })).toHaveTextContent(/The JWKS answers 503 — until/));

    await user.click(screen.getByRole('button', { name: 'Next refresh fails (invalid_grant)' }));
    await waitFor(() =>
      expect(screen.getByRole('list', { name: 'Active faults' })).toHaveTextContent('Refresh requests: fail with invalid_grant — 1 left'),
    );
  });
});

describe('Check my MCP server’s token validation (Setup → Your MCP server)', () => {
  it('runs the server profile and lists every probe with its verdict and source', async () => {
    const api = new FakeControlApi();
    const source = { title: 'MCP authorization: token handling (audience, validation)', url: 'https://modelcontextprotocol.io/x' };
    api.checkScript = [
      checkRun('server', [checkStep('no-token'), checkStep('aud-other')], { url: 'http://127.0.0.1:8000/mcp' }),
      checkRun(
        'server',
        [
          checkStep('no-token', { title: 'No token', verdict: 'pass', source: { title: 'MCP authorization', url: 'https://x' } }),
          checkStep('aud-other', {
            title: 'A token for another server',
            verdict: 'fail',
            reason: 'Your server accepted it (200): it does not check aud, so a token issued for any other server works on yours.',
            source,
          }),
        ],
        { url: 'http://127.0.0.1:8000/mcp', state: 'failed', finishedAt: '2026-01-01T10:00:01.000Z' },
      ),
    ];
    const { user } = await renderApp('Setup', api);
    await user.click(await screen.findByRole('button', { name: 'Check my MCP server’s token validation' }));
    expect(await screen.findByText(/Your server failed 1 of the checks: A token for another server/)).toBeInTheDocument();
    expect(api.calls.find((call) => call.method === 'runCheck')?.input).toEqual({ profile: 'server' });
    const probes = screen.getByRole('list', { name: 'Token validation probes' });
    expect(within(probes).getByRole('link', { name: /^MCP authorization\s*\(opens/ })).toHaveAttribute('href', 'https://x');
    expect(within(probes).getAllByText(/it does not check aud/).length).toBeGreaterThan(0);
  });
});

import { screen, within } from '@testing-library/react';
import type { TrafficJwt } from '../../server/traffic/traffic-entry';
import { FakeControlApi, makeEntry } from './fake-control-api';
import { renderApp } from './render-app';

const retiredToken: TrafficJwt = {
  role: 'access_token',
  where: 'Authorization header',
  header: { alg: 'RS256', kid: 'old-key-1', typ: 'at+jwt' },
  claims: { iss: 'https://calm-otter-42.ngrok-free.app', aud: 'https://calm-otter-42.ngrok-free.app/', exp: 1767261600, sub: 'usr_1' },
  verdicts: [
    {
      name: 'kid',
      level: 'error',
      message: 'kid "old-key-1" was Handshake’s key until 2026-01-01T09:00:00Z; it is no longer in the JWKS.',
    },
    { name: 'exp', level: 'ok', message: 'Valid until 2026-01-01T10:00:00Z (20 min left when this was recorded).' },
    { name: 'iss', level: 'ok', message: 'Matches this Handshake’s issuer.' },
    { name: 'aud', level: 'error', message: 'Differs from this MCP server only by a trailing slash.' },
    { name: 'scope', level: 'warn', message: 'made-up warning for a claim the token lacks' },
  ],
  signature: { verdict: 'retired_kid', message: 'kid "old-key-1" is no longer in the JWKS, so verifiers answer "kid not found".' },
};

describe('Traffic detail: decoded JWTs', () => {
  it('shows header and claims with a verdict per claim and the signature verdict', async () => {
    const api = new FakeControlApi();
    api.traffic.push(makeEntry({ kind: 'mcp', method: 'POST', path: '/mcp', status: 401, jwts: [retiredToken] }));
    const { user } = await renderApp('Traffic', api);
    await user.click(within(await screen.findByRole('listbox')).getAllByRole('option')[0]);
    const token = await screen.findByRole('region', { name: 'Access token — Authorization header' });
    expect(token).toHaveTextContent('Retired kid');
    const header = within(token).getByRole('table', { name: /header$/ });
    expect(within(header).getByRole('row', { name: /kid/ })).toHaveTextContent('old-key-1fails');
    const claims = within(token).getByRole('table', { name: /claims$/ });
    expect(within(claims).getByRole('row', { name: /^aud/ })).toHaveTextContent(
      'fails Differs from this MCP server only by a trailing slash.',
    );
    expect(within(claims).getByRole('row', { name: /^exp/ })).toHaveTextContent(/1767261600 \(.+\)ok Valid until/);
    expect(within(claims).getByRole('row', { name: /^scope/ })).toHaveTextContent('(absent)warning');
  });

  it('shows no token section for a request without JWTs', async () => {
    const api = new FakeControlApi();
    api.traffic.push(makeEntry());
    const { user } = await renderApp('Traffic', api);
    await user.click(within(await screen.findByRole('listbox')).getAllByRole('option')[0]);
    await screen.findByRole('region', { name: 'Request detail' });
    expect(screen.queryByText(/Tokens \(/)).not.toBeInTheDocument();
  });
});

import { screen, waitFor, within } from '@testing-library/react';
import { FakeControlApi } from './fake-control-api';
import { renderApp } from './render-app';

const card = () => screen.findByRole('region', { name: '3. Your MCP server' });

describe('Setup: checking Handshake’s tokens in your MCP server', () => {
  it('gives the issuer, jwks_uri (local too) and audience, and a verifier per library filled in with them', async () => {
    const { user } = await renderApp();
    const server = await card();
    await user.click(await within(server).findByText('Check the token in your server'));
    expect(server).toHaveTextContent('http://127.0.0.1:3030/oauth/jwks.json');
    const code = () => within(server).getByLabelText(/ verifier$/, { selector: 'pre' });
    expect(code()).toHaveTextContent("createRemoteJWKSet(new URL('http://127.0.0.1:3030/oauth/jwks.json'))");
    expect(code()).toHaveTextContent("audience: 'http://127.0.0.1:3030/mcp'");
    await user.click(within(server).getByRole('tab', { name: 'MCP TS SDK' }));
    expect(code()).toHaveTextContent('expectedResource: resource');
    expect(code()).toHaveTextContent("resourceMetadataUrl: 'http://127.0.0.1:3030/.well-known/oauth-protected-resource/mcp'");
    await user.click(within(server).getByRole('tab', { name: 'FastMCP' }));
    expect(code()).toHaveTextContent('JWTVerifier( jwks_uri="http://127.0.0.1:3030/oauth/jwks.json"');
    expect(code()).toHaveTextContent('algorithm="RS256"');
    await user.click(within(server).getByRole('tab', { name: 'mcp-auth' }));
    expect(code()).toHaveTextContent("fetchServerConfig('http://127.0.0.1:3030', { type: 'oidc' })");
    await user.click(within(server).getByRole('tab', { name: 'Python SDK (introspection)' }));
    expect(code()).toHaveTextContent('INTROSPECTION = "http://127.0.0.1:3030/oauth/introspect"');
    expect(within(server).getByRole('button', { name: 'Copy the Python SDK (introspection) verifier' })).toBeInTheDocument();
  });

  it('says whether workspace domain restrictions would pass OpenAI’s review, from the users and the tunnel', async () => {
    const api = new FakeControlApi();
    const at = '2026-01-01T10:00:00.000Z';
    api.users.push({
      id: 'u1',
      email: 'ada@example.com',
      name: 'Ada',
      emailVerified: false,
      createdAt: at,
      updatedAt: at,
      activeGrants: 0,
    });
    await renderApp('Setup', api);
    const server = await card();
    const list = await within(server).findByRole('list', { name: 'Domain restriction requirements' });
    expect(server).toHaveTextContent('Would not pass OpenAI’s review yet: 2 of 5 to fix.');
    expect(within(list).getByText(/Not verified: ada@example.com/)).toBeInTheDocument();
    expect(list).toHaveTextContent('OpenID Connect discovery (met)');
    expect(list).toHaveTextContent('Reachable over HTTPS (not met)');
  });

  it('says when forwarding is off and when tokens are opaque', async () => {
    const api = new FakeControlApi();
    api.settings.forwardAuthorization = false;
    api.settings.accessTokenFormat = 'opaque';
    await renderApp('Setup', api);
    const server = await card();
    await waitFor(() => expect(server).toHaveTextContent('the token is not forwarded: Settings → Tokens'));
    expect(await within(server).findByText(/only the introspection verifier can check them/)).toBeInTheDocument();
  });
});

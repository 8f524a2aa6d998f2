import type { Status, TunnelStatus } from '../../../server/control/control-api';
import { httpRequest } from '../support/http-request';
import { usePluginFixture } from '../support/plugin-fixture';
import { waitUntil } from '../support/wait-until';

/**
 * Tunnel and listener endpoints of a real core. ngrok's servers are unreachable here, so the core is given the
 * fake TunnelProvider (the narrowest seam); everything between the control API and that seam is real.
 */
const plugin = usePluginFixture();

test('POST /api/tunnel without an authtoken fails with advice, and nothing is opened', async () => {
  const previous = process.env.NGROK_AUTHTOKEN;
  delete process.env.NGROK_AUTHTOKEN;
  try {
    const status = await plugin.api.call<TunnelStatus>('POST', '/api/tunnel', {});
    expect(status.state).toBe('error');
    expect(status.error?.advice).toBeTruthy();
    expect(plugin.tunnel.opens).toHaveLength(0);
  } finally {
    if (previous !== undefined) process.env.NGROK_AUTHTOKEN = previous;
  }
});

test('with an authtoken the tunnel forwards to the public listener only, and the manifest follows its URL', async () => {
  const saved = await plugin.api.call<TunnelStatus>('PUT', '/api/tunnel/authtoken', { authtoken: '2abcFAKEngrokAUTHTOKEN_0123456789' });
  expect(saved).toMatchObject({ hasAuthtoken: true, authtokenSource: 'saved' });
  expect(JSON.stringify(saved)).not.toContain('2abcFAKEngrokAUTHTOKEN_0123456789');

  const starting = plugin.api.call<TunnelStatus>('POST', '/api/tunnel', {});
  await waitUntil(() => plugin.tunnel.opens.length === 1, 2000);
  const open = plugin.tunnel.last;
  expect(open.options.forwardTo).toBe(new URL(plugin.publicUrl).host);
  expect(open.options.forwardTo).not.toBe(new URL(plugin.controlUrl).host);
  open.succeed('https://handshake-test.ngrok.app');
  expect(await starting).toMatchObject({ state: 'online', url: 'https://handshake-test.ngrok.app' });
  expect(await plugin.api.get<TunnelStatus>('/api/tunnel')).toMatchObject({
    state: 'online',
    url: 'https://handshake-test.ngrok.app',
    freePlanDomain: false,
  });

  const status = await plugin.api.get<Status>('/api/status');
  expect(status.publicUrl).toBe('https://handshake-test.ngrok.app');
  expect(status.manifestUrl).toBe('https://handshake-test.ngrok.app/.well-known/ai-plugin.json');
  expect((await plugin.gpt.fetchManifest()).json.auth.authorization_url).toBe('https://handshake-test.ngrok.app/oauth/token');

  expect(await plugin.api.call<TunnelStatus>('DELETE', '/api/tunnel')).toMatchObject({ state: 'off', url: null });
  expect(open.closed).toBe(true);
  expect((await plugin.gpt.fetchManifest()).json.auth.authorization_url).toBe(`${plugin.publicUrl}/oauth/token`);
});

test('PUT /api/tunnel/authtoken with spaces: 400 naming the field', async () => {
  const response = await plugin.api.send('PUT', '/api/tunnel/authtoken', { authtoken: 'has spaces in it' });
  expect(response.status).toBe(400);
  expect(response.json.error.field).toBe('authtoken');
});

test('PUT /api/listener moves the public listener; the old port stops answering', async () => {
  const oldUrl = plugin.publicUrl;
  const status = await plugin.api.call<Status>('PUT', '/api/listener', { port: 0 });
  expect(status.listener.state).toBe('listening');
  expect(status.localUrl).not.toBe(oldUrl);
  expect((await httpRequest(`${status.localUrl}/.well-known/ai-plugin.json`)).status).toBe(200);
  await expect(httpRequest(`${oldUrl}/.well-known/ai-plugin.json`)).rejects.toThrow();

  const invalid = await plugin.api.send('PUT', '/api/listener', { port: 70000 });
  expect(invalid.status).toBe(400);
  expect(invalid.json.error.field).toBe('port');
});

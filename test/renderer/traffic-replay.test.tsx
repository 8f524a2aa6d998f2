import { screen, waitFor, within } from '@testing-library/react';
import { curlOf, fetchOf, requestOf, withEncodedBasic } from '../../renderer/views/traffic/request-snippets';
import { revealClientSecret } from '../../server/traffic/secret-reveal';
import { FakeControlApi, makeEntry } from './fake-control-api';
import { renderApp } from './render-app';

/** A token request that sent the configured secret (masked in the log) in a Basic header and the body. */
function tokenEntry(api: FakeControlApi) {
  const masked = '•••• WXYZ (matches the configured client secret)';
  return makeEntry({
    kind: 'token',
    method: 'POST',
    path: '/oauth/token',
    status: 400,
    request: {
      headers: {
        host: '127.0.0.1:3030',
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic handshake-client:${masked}`,
      },
      body: {
        contentType: 'application/x-www-form-urlencoded',
        text: `grant_type=refresh_token&client_secret=${masked}&refresh_token=•••• abcd`,
        parsed: null,
        size: 90,
        truncated: false,
      },
    },
    clientId: api.client.id,
  });
}

describe('Replay, Edit and resend, Copy as cURL / fetch', () => {
  it('replays through the control API and offers the new entry', async () => {
    const api = new FakeControlApi();
    const entry = tokenEntry(api);
    api.traffic.push(entry);
    const { user } = await renderApp('Traffic', api);
    await user.click(await screen.findByRole('option', { name: /oauth\/token/ }));
    const detail = screen.getByRole('region', { name: 'Request detail' });
    await user.click(within(detail).getByRole('button', { name: /^Replay$/ }));
    expect(api.calls.find((c) => c.method === 'replayTraffic')?.input).toEqual({ id: entry.id, fillSecrets: false });
    const status = await within(detail).findByRole('status');
    expect(status).toHaveTextContent('answered 400');
    await user.click(within(status).getByRole('button', { name: 'Open the new request' }));
    await waitFor(() =>
      expect(screen.getAllByRole('option').find((o) => o.getAttribute('aria-selected') === 'true')?.id).toMatch(/replay/),
    );
  });

  it('fills the client secret only when asked, and sends an edited request', async () => {
    const api = new FakeControlApi();
    api.traffic.push(tokenEntry(api));
    const { user } = await renderApp('Traffic', api);
    await user.click(await screen.findByRole('option', { name: /oauth\/token/ }));
    const detail = screen.getByRole('region', { name: 'Request detail' });
    await user.click(await within(detail).findByRole('checkbox', { name: /Use the configured client secret/ }));
    expect(api.calls.some((c) => c.method === 'getTrafficEntry' && (c.input as { reveal?: boolean }).reveal === true)).toBe(true);
    expect(within(detail).getByLabelText('Request body')).toHaveTextContent(`client_secret=${api.client.secret}`);
    await user.click(within(detail).getByRole('button', { name: 'Edit and resend' }));
    const form = within(detail).getByRole('form', { name: 'Edit and resend' });
    const body = within(form).getByLabelText('Body') as HTMLTextAreaElement;
    expect(body.value).toContain(`client_secret=${api.client.secret}`);
    expect((within(form).getByLabelText(/Headers/) as HTMLTextAreaElement).value).toContain(
      `authorization: Basic ${btoa(`handshake-client:${api.client.secret}`)}`,
    );
    const path = within(form).getByLabelText('Path and query');
    await user.clear(path);
    await user.type(path, '/oauth/token?debug=1');
    await user.click(within(form).getByRole('button', { name: 'Send' }));
    const call = api.calls.find((c) => c.method === 'replayTraffic')?.input as {
      fillSecrets: boolean;
      request: { path: string; body: string };
    };
    expect(call.fillSecrets).toBe(true);
    expect(call.request.path).toBe('/oauth/token?debug=1');
    expect(await within(detail).findByRole('status')).toHaveTextContent('answered');
  });

  it('copies as cURL and fetch: masked unless filled, quoted for the shell', () => {
    const api = new FakeControlApi();
    const request = requestOf(tokenEntry(api));
    expect(request.headers).not.toHaveProperty('host');
    const curl = curlOf(request, 'http://127.0.0.1:3030');
    expect(curl).toMatch(/^curl -X POST 'http:\/\/127\.0\.0\.1:3030\/oauth\/token'/);
    expect(curl).toContain('•••• WXYZ');
    const filled = curlOf(withEncodedBasic(requestOf(revealClientSecret(tokenEntry(api), api.client.secret))), 'http://127.0.0.1:3030');
    expect(filled).toContain(`client_secret=${api.client.secret}`);
    expect(filled).toContain(`authorization: Basic ${btoa(`handshake-client:${api.client.secret}`)}`);
    expect(curlOf({ ...request, body: "it's" }, 'http://x')).toContain(`--data-raw 'it'\\''s'`);
    const js = fetchOf(request, 'http://127.0.0.1:3030');
    expect(js).toContain('await fetch("http://127.0.0.1:3030/oauth/token"');
    expect(js).toContain('"method": "POST"');
  });
});

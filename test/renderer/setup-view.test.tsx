import { act, screen, waitFor, within } from '@testing-library/react';
import { FakeControlApi, installFlow, makeEntry } from './fake-control-api';
import { renderApp } from './render-app';

describe('Setup view', () => {
  // These tests walk the classic plugin path (Setup opens on the MCP path by default).
  beforeEach(() => localStorage.setItem('handshake.setupPath', 'classic'));

  it('opens on Setup with the domain to paste and the client credentials', async () => {
    const { api } = await renderApp();
    expect(screen.getByRole('heading', { level: 1, name: 'Setup' })).toBeInTheDocument();
    expect(await screen.findByLabelText('Domain for ChatGPT')).toHaveTextContent('127.0.0.1:3030');
    expect(screen.getByText('This is a local address')).toBeInTheDocument();
    expect(await screen.findByLabelText('Client ID')).toHaveTextContent(api.client.id);
    expect(screen.getByLabelText('client secret')).not.toHaveTextContent(api.client.secret);
    expect(screen.getByLabelText('client secret')).toHaveTextContent('WXYZ');
  });

  it('reveals the secret on request', async () => {
    const { api, user } = await renderApp();
    await user.click(await screen.findByRole('button', { name: 'Reveal client secret' }));
    expect(screen.getByLabelText('client secret')).toHaveTextContent(api.client.secret);
    expect(screen.getByRole('button', { name: 'Hide client secret' })).toHaveAttribute('aria-pressed', 'true');
  });

  it('rotates the secret only after confirmation', async () => {
    const { api, user } = await renderApp();
    await user.click(await screen.findByRole('button', { name: 'Rotate client secret' }));
    expect(api.calls.some((c) => c.method === 'rotateClientSecret')).toBe(false);
    await user.click(screen.getByRole('button', { name: /Rotate — ChatGPT needs the new one/ }));
    await waitFor(() => expect(api.calls.some((c) => c.method === 'rotateClientSecret')).toBe(true));
    await user.click(screen.getByRole('button', { name: 'Reveal client secret' }));
    await waitFor(() => expect(screen.getByLabelText('client secret')).toHaveTextContent(/hss_rotated/));
  });

  it('ticks the ChatGPT steps as traffic arrives, and offers the failed token request for inspection', async () => {
    const { api, user } = await renderApp();
    const waiting = await screen.findByRole('list', { name: 'Waiting for ChatGPT' });
    expect(within(waiting).getByText('Manifest fetched').closest('li')).toHaveClass('pending');

    const [manifest, openapi, authorize, login, token] = installFlow();
    act(() => {
      api.receive(manifest);
      api.receive(openapi);
      api.receive(authorize);
      api.receive(login);
      api.receive(token);
    });
    await waitFor(() => expect(within(waiting).getByText('Manifest fetched').closest('li')).toHaveClass('done'));
    expect(within(waiting).getByText('Login page opened').closest('li')).toHaveClass('done');
    expect(within(waiting).getByText('Signed in').closest('li')).toHaveClass('done');
    const exchange = within(waiting).getByText('Code exchanged for tokens').closest('li')!;
    expect(exchange).toHaveClass('failed');
    expect(exchange).toHaveTextContent('does not match the configured client secret');

    await user.click(within(exchange).getByRole('button', { name: 'Inspect the request' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Traffic' })).toBeInTheDocument();
    const diagnosis = await screen.findByRole('list', { name: 'Diagnosis' });
    expect(diagnosis).toHaveTextContent('client_secret_mismatch');

    act(() => api.receive(makeEntry({ kind: 'token', method: 'POST', path: '/oauth/token', status: 200 })));
    await user.click(screen.getByRole('button', { name: /^Setup/ }));
    await waitFor(() =>
      expect(
        within(screen.getByRole('list', { name: 'Waiting for ChatGPT' }))
          .getByText('Code exchanged for tokens')
          .closest('li'),
      ).toHaveClass('done'),
    );
  });

  it('saves the verification token and shows it in the manifest preview', async () => {
    const { api, user } = await renderApp();
    const preview = await screen.findByLabelText('Manifest auth preview');
    await waitFor(() => expect(preview).toHaveTextContent('"openai": ""'));
    await user.type(screen.getByLabelText('Verification token from ChatGPT'), 'abc123verify');
    expect(screen.getByLabelText('Manifest auth preview')).toHaveTextContent('"openai": "abc123verify"');
    expect(screen.getByText('not saved yet')).toBeInTheDocument();
    expect(api.settings.verificationToken).toBe('');
    await user.click(screen.getByRole('button', { name: 'Save to manifest' }));
    await waitFor(() => expect(screen.queryByText('not saved yet')).not.toBeInTheDocument());
    await waitFor(() => expect(screen.getByLabelText('Manifest auth preview')).toHaveTextContent('"openai": "abc123verify"'));
    expect(api.settings.verificationToken).toBe('abc123verify');
    const local = screen.getByRole('list', { name: 'Before ChatGPT' });
    expect(within(local).getByText('Verification token in the manifest').closest('li')).toHaveClass('done');
  });

  it('shows a refused save next to the field', async () => {
    const { api, user } = await renderApp();
    await user.type(await screen.findByLabelText('Verification token from ChatGPT'), 'x'.repeat(201));
    await user.click(screen.getByRole('button', { name: 'Save to manifest' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(/verificationToken/);
    expect(api.settings.verificationToken).toBe('');
  });

  it('starts the tunnel once an authtoken is saved and explains the free-plan warning page', async () => {
    const { api, user } = await renderApp();
    const start = await screen.findByRole('button', { name: 'Start tunnel' });
    expect(start).toBeDisabled();
    await user.type(screen.getByLabelText('ngrok authtoken'), '2abcTOKEN');
    await user.click(screen.getByRole('button', { name: 'Save authtoken' }));
    await waitFor(() => expect(screen.getByRole('button', { name: 'Start tunnel' })).toBeEnabled());
    expect(api.calls.find((c) => c.method === 'setNgrokAuthtoken')?.input).toEqual({ authtoken: '2abcTOKEN' });
    await user.click(screen.getByRole('button', { name: 'Start tunnel' }));
    expect(await screen.findByRole('status', { name: 'Tunnel Online' })).toBeInTheDocument();
    expect(screen.getByText(/browsers see a warning page first/)).toBeInTheDocument();
    await waitFor(() => expect(screen.getByLabelText('Domain for ChatGPT')).toHaveTextContent('calm-otter-42.ngrok-free.app'));
    await user.click(screen.getByRole('button', { name: 'Stop tunnel' }));
    expect(await screen.findByRole('status', { name: 'Tunnel Off' })).toBeInTheDocument();
  });

  it('shows tunnel errors with their advice', async () => {
    const api = new FakeControlApi();
    api.status.tunnel = {
      ...api.status.tunnel,
      state: 'error',
      hasAuthtoken: true,
      authtokenSource: 'saved',
      error: {
        code: 'ERR_NGROK_108',
        message: 'Your account is limited to 1 simultaneous session',
        advice: 'Stop the other ngrok agent and try again.',
      },
    };
    await renderApp('Setup', api);
    expect(await screen.findByText('Your account is limited to 1 simultaneous session')).toBeInTheDocument();
    expect(screen.getByText('Stop the other ngrok agent and try again.')).toBeInTheDocument();
  });

  it('says when the public listener failed and where to fix it', async () => {
    const api = new FakeControlApi();
    api.status.listener = { state: 'failed', port: 3030, error: 'port 3030 is already in use' };
    const { user } = await renderApp('Setup', api);
    expect(await screen.findByText(/could not start on port 3030/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'choose another port in Settings' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Settings' })).toBeInTheDocument();
  });
});

describe('Setup view: own credentials', () => {
  // These tests walk the classic plugin path (Setup opens on the MCP path by default).
  beforeEach(() => localStorage.setItem('handshake.setupPath', 'classic'));

  it('checks and saves a client ID and secret the developer already uses', async () => {
    const { api, user } = await renderApp();
    await user.click(await screen.findByText('Use your own client ID and secret'));
    await user.type(screen.getByLabelText('Your client ID'), 'my-plugin');
    await user.type(screen.getByLabelText('Your client secret'), 'too short');
    await user.click(screen.getByRole('button', { name: 'Save these credentials' }));
    expect(screen.getByText('At least 16 printable characters, no spaces.')).toBeInTheDocument();
    expect(api.calls.some((c) => c.method === 'setClient')).toBe(false);
    await user.clear(screen.getByLabelText('Your client secret'));
    await user.type(screen.getByLabelText('Your client secret'), 'a-long-enough-secret-123');
    await user.click(screen.getByRole('button', { name: 'Save these credentials' }));
    await waitFor(() => expect(screen.getByLabelText('Client ID')).toHaveTextContent('my-plugin'));
    expect(api.client).toMatchObject({ id: 'my-plugin', secret: 'a-long-enough-secret-123' });
  });
});

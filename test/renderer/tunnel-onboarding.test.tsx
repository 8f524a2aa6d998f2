import { screen, waitFor, within } from '@testing-library/react';
import { FakeControlApi } from './fake-control-api';
import { renderApp } from './render-app';

const tunnelCard = () => screen.getByRole('region', { name: '1. Public URL (ngrok tunnel)' });

describe('tunnel onboarding', () => {
  it('links to ngrok’s authtoken page next to the field', async () => {
    await renderApp();
    const link = within(tunnelCard()).getByRole('link', { name: /Get your authtoken on ngrok\.com/ });
    expect(link).toHaveAttribute('href', 'https://dashboard.ngrok.com/get-started/your-authtoken');
    expect(link).toHaveAttribute('target', '_blank');
  });

  it('puts a plain headline above the SDK’s words when ngrok cannot be reached, with a docs link', async () => {
    const api = new FakeControlApi();
    api.status.tunnel = {
      ...api.status.tunnel,
      state: 'error',
      hasAuthtoken: true,
      authtokenSource: 'saved',
      error: {
        code: 'network_unreachable',
        message: 'Could not reach ngrok: failed to establish tcp connection',
        advice: 'Check that this computer is online.',
      },
    };
    await renderApp('Setup', api);
    const alert = await within(tunnelCard()).findByRole('alert');
    expect(alert).toHaveTextContent(/^Can’t reach ngrok — are you offline\?Could not reach ngrok: failed to establish tcp connection/);
    expect(within(alert).getByRole('link', { name: /More about this error/ })).toHaveAttribute(
      'href',
      expect.stringMatching(/docs\/tunnel\.md#network_unreachable$/),
    );
  });

  it('clears the error when the authtoken changes, and says the new one was saved until the next edit', async () => {
    const api = new FakeControlApi();
    api.status.tunnel = {
      ...api.status.tunnel,
      state: 'error',
      error: { code: 'invalid_authtoken', message: 'ngrok rejected the authtoken (ERR_NGROK_105)', advice: 'Copy it again.' },
    };
    const { user } = await renderApp('Setup', api);
    expect(await within(tunnelCard()).findByText('ngrok rejected the authtoken (ERR_NGROK_105)')).toBeInTheDocument();
    const field = within(tunnelCard()).getByLabelText('ngrok authtoken');
    await user.type(field, '2newTOKEN');
    await user.click(within(tunnelCard()).getByRole('button', { name: 'Save authtoken' }));
    await waitFor(() => expect(within(tunnelCard()).queryByText('ngrok rejected the authtoken (ERR_NGROK_105)')).toBeNull());
    expect(within(tunnelCard()).getByText('Authtoken saved.')).toBeInTheDocument();
    await user.type(field, 'x');
    expect(within(tunnelCard()).queryByText('Authtoken saved.')).toBeNull();
  });

  it('offers the Cloudflare quick tunnel beside ngrok, saying what it costs, and starts it without an authtoken', async () => {
    const api = new FakeControlApi();
    const { user } = await renderApp('Setup', api);
    const choice = within(tunnelCard()).getByRole('radio', { name: /Cloudflare quick tunnel/ });
    expect(choice.closest('label')).toHaveTextContent(
      'no account; the URL changes on each start — ChatGPT’s connector must be added again',
    );
    expect(within(tunnelCard()).getByRole('radio', { name: /ngrok/ })).toBeChecked();
    await user.click(choice);
    const card = await screen.findByRole('region', { name: '1. Public URL (Cloudflare quick tunnel)' });
    expect(api.settings.tunnelProvider).toBe('cloudflare');
    expect(within(card).queryByLabelText('ngrok authtoken')).toBeNull();
    await user.click(within(card).getByRole('button', { name: 'Start tunnel' }));
    expect(await within(card).findByLabelText('Tunnel URL')).toHaveTextContent('https://fuzzy-lamp-example-words.trycloudflare.com');
    expect(within(card).getByText('This URL lasts until the tunnel stops')).toBeInTheDocument();
    expect(within(card).getByRole('radio', { name: /ngrok/ })).toBeDisabled();
  });

  it('puts Cloudflare’s name in the offline headline when cloudflared cannot reach it', async () => {
    const api = new FakeControlApi();
    api.status.tunnel = {
      ...api.status.tunnel,
      provider: 'cloudflare',
      state: 'error',
      error: {
        code: 'network_unreachable',
        message: 'cloudflared could not reach Cloudflare: no such host',
        advice: 'Check that this computer is online.',
      },
    };
    await renderApp('Setup', api);
    const card = screen.getByRole('region', { name: '1. Public URL (Cloudflare quick tunnel)' });
    expect(await within(card).findByRole('alert')).toHaveTextContent(
      /^Can’t reach Cloudflare — are you offline\?cloudflared could not reach/,
    );
  });
});

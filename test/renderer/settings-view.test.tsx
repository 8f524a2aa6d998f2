import { screen, waitFor, within } from '@testing-library/react';
import { FakeControlApi } from './fake-control-api';
import { renderApp } from './render-app';

describe('Settings view', () => {
  it('counts characters against ChatGPT’s limits and refuses to save over them', async () => {
    const { api, user } = await renderApp('Settings');
    const name = await screen.findByLabelText(/Name for humans/);
    expect(screen.getByLabelText('14 of 20 characters')).toBeInTheDocument();
    await user.clear(name);
    await user.type(name, 'A name far too long for ChatGPT');
    expect(screen.getByLabelText('31 of 20 characters')).toHaveClass('over');
    expect(screen.getByText(/at most 20 characters \(11 over\)/)).toBeInTheDocument();
    expect(name).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByRole('button', { name: 'Save manifest' })).toBeDisabled();
    await user.clear(name);
    await user.type(name, 'Todo Pal');
    await user.click(screen.getByRole('button', { name: 'Save manifest' }));
    await waitFor(() => expect(api.settings.manifest.name_for_human).toBe('Todo Pal'));
  });

  it('checks name_for_model and URLs before saving', async () => {
    const { user } = await renderApp('Settings');
    const model = await screen.findByLabelText(/Name for the model/);
    await user.clear(model);
    await user.type(model, 'has spaces');
    expect(screen.getByText(/no spaces/)).toBeInTheDocument();
    await user.type(screen.getByLabelText(/Logo URL/), 'logo.png');
    expect(screen.getByText(/absolute http\(s\) URL, or empty/)).toBeInTheDocument();
  });

  it('shows the live preview and updates it when settings change', async () => {
    const { user } = await renderApp('Settings');
    const panel = await screen.findByRole('tabpanel');
    await waitFor(() => expect(panel).toHaveTextContent('"name_for_human": "Handshake Todo"'));
    expect(screen.getByText('ChatGPT would reject this manifest')).toBeInTheDocument();
    await user.click(screen.getByRole('radio', { name: 'application/x-www-form-urlencoded' }));
    await waitFor(() => expect(panel).toHaveTextContent('"authorization_content_type": "application/x-www-form-urlencoded"'));
    await user.click(screen.getByRole('tab', { name: 'OpenAPI' }));
    expect(screen.getByRole('tabpanel')).toHaveTextContent('openapi: 3.0.1');
  });

  it('shows typed, unsaved manifest fields in the preview at once', async () => {
    const { user } = await renderApp('Settings');
    const panel = await screen.findByRole('tabpanel');
    await waitFor(() => expect(panel).toHaveTextContent('"name_for_human": "Handshake Todo"'));
    const name = screen.getByLabelText(/Name for humans/);
    await user.clear(name);
    await user.type(name, 'Todo Pal');
    expect(panel).toHaveTextContent('"name_for_human": "Todo Pal"');
    expect(screen.getByText('Includes unsaved changes')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Discard changes' }));
    expect(panel).toHaveTextContent('"name_for_human": "Handshake Todo"');
    expect(screen.queryByText('Includes unsaved changes')).not.toBeInTheDocument();
  });

  it('sets the access token lifetime to 59 s in one click', async () => {
    const { api, user } = await renderApp('Settings');
    await user.click(await screen.findByRole('button', { name: '59 s, to exercise refresh' }));
    await waitFor(() => expect(api.settings.accessTokenTtl).toBe(59));
    expect(screen.getByLabelText('Access token lifetime (seconds)')).toHaveValue('59');
    expect(screen.getByRole('button', { name: '59 s, to exercise refresh' })).toBeDisabled();
  });

  it('validates lifetimes and saves them with the scope', async () => {
    const { api, user } = await renderApp('Settings');
    const code = await screen.findByLabelText('Authorization code lifetime (seconds)');
    await user.clear(code);
    await user.type(code, '0');
    expect(screen.getByText('Whole seconds, at least 1.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Save lifetimes and scope' })).toBeDisabled();
    await user.clear(code);
    await user.type(code, '120');
    await user.type(screen.getByLabelText('Scope'), 'todos');
    await user.click(screen.getByRole('button', { name: 'Save lifetimes and scope' }));
    await waitFor(() => expect(api.settings).toMatchObject({ authorizationCodeTtl: 120, scope: 'todos' }));
  });

  it('adds and removes redirect URIs', async () => {
    const { api, user } = await renderApp('Settings');
    const input = await screen.findByLabelText('Add a redirect URI');
    await user.type(input, 'not a url');
    expect(screen.getByText('Must be an absolute http(s) URL.')).toBeInTheDocument();
    await user.clear(input);
    await user.type(input, 'https://chatgpt.com/aip/g-0123456789abcdef0123456789abcdef01234567/oauth/callback');
    await user.click(screen.getByRole('button', { name: 'Add' }));
    const list = await screen.findByRole('list', { name: 'Extra redirect URIs' });
    expect(within(list).getByText(/g-0123/)).toBeInTheDocument();
    expect(api.settings.redirectUris).toHaveLength(1);
    await user.click(within(list).getByRole('button', { name: /^Remove/ }));
    await waitFor(() => expect(api.settings.redirectUris).toEqual([]));
  });

  it('injects and clears faults', async () => {
    const { api, user } = await renderApp('Settings');
    const count = await screen.findByLabelText('Next N requests');
    await user.clear(count);
    await user.type(count, '2');
    await user.selectOptions(screen.getByLabelText('Answer with'), 'invalid_client');
    await user.click(screen.getByRole('button', { name: 'Inject' }));
    const list = await screen.findByRole('list', { name: 'Active faults' });
    expect(list).toHaveTextContent('Token requests: fail with invalid_client — 2 left');
    expect(api.calls.find((c) => c.method === 'injectFault')?.input).toEqual({
      kind: 'fail',
      target: 'token',
      count: 2,
      error: 'invalid_client',
    });
    await user.selectOptions(screen.getByLabelText('Effect'), 'delay');
    await user.selectOptions(screen.getByLabelText('Target'), 'api');
    await user.click(screen.getByRole('button', { name: 'Inject' }));
    await waitFor(() => expect(screen.getByRole('list', { name: 'Active faults' })).toHaveTextContent('API calls: delay by 5000 ms'));
    await user.click(screen.getByRole('button', { name: 'Clear all faults' }));
    expect(await screen.findByText(/None — requests are answered normally/)).toBeInTheDocument();
  });

  it('offers another port when the public listener failed', async () => {
    const api = new FakeControlApi();
    api.status.listener = { state: 'failed', port: 3030, error: 'port 3030 is already in use' };
    const { user } = await renderApp('Settings', api);
    expect(await screen.findByText(/The public listener is not running/)).toBeInTheDocument();
    const port = screen.getByLabelText('Public listener port');
    await user.clear(port);
    await user.type(port, '99999');
    expect(screen.getByText(/from 0 to 65535/)).toBeInTheDocument();
    await user.clear(port);
    await user.type(port, '3040');
    await user.click(screen.getByRole('button', { name: 'Start on this port' }));
    await waitFor(() => expect(screen.queryByText(/The public listener is not running/)).not.toBeInTheDocument());
    expect(api.status.listener).toEqual({ state: 'listening', port: 3040, error: null });
  });

  it('warns about plain-text secrets and shows the core’s warnings', async () => {
    const api = new FakeControlApi();
    api.status.warnings = ['Moved a corrupt handshake.json aside to handshake.json.corrupt-1'];
    await renderApp('Settings', api);
    expect(await screen.findByText('Secrets are stored in plain text')).toBeInTheDocument();
    expect(screen.getByText(/Moved a corrupt handshake.json aside/)).toBeInTheDocument();
  });

  it('shows a server refusal of the network settings where it happened', async () => {
    const { api, user } = await renderApp('Settings');
    api.failNext.updateSettings = Object.assign(new Error('publicUrl: must be an absolute http(s) URL'), {
      code: 'invalid_input',
      field: 'publicUrl',
    });
    await user.type(await screen.findByLabelText('Public URL'), 'https://plugin.example.com');
    await user.click(screen.getByRole('button', { name: 'Save network settings' }));
    const network = screen.getByRole('region', { name: 'Network' });
    expect(await within(network).findByRole('alert')).toHaveTextContent('publicUrl: must be an absolute http(s) URL');
  });
});

describe('Scripting API section', () => {
  it('shows the headless control URL and a masked token with reveal', async () => {
    const { user } = await renderApp('Settings');
    const section = within(await screen.findByRole('region', { name: 'Scripting API' }));
    expect(section.getByText('http://127.0.0.1:4040')).toBeInTheDocument();
    const token = section.getByLabelText('scripting API token');
    expect(token).not.toHaveTextContent('control-token-for-tests-0123456789abcdef');
    expect(token).toHaveTextContent(/cdef$/);
    await user.click(section.getByRole('button', { name: 'Reveal scripting API token' }));
    expect(token).toHaveTextContent('control-token-for-tests-0123456789abcdef');
    expect(section.queryByRole('checkbox')).toBeNull();
  });

  it('lets the desktop user open it, and says so while it opens', async () => {
    const api = new FakeControlApi();
    api.status = { ...api.status, mode: 'desktop', controlUrl: null, controlToken: null };
    const { user } = await renderApp('Settings', api);
    const toggle = await screen.findByRole('checkbox', { name: /Open the scripting API/ });
    expect(toggle).not.toBeChecked();
    await user.click(toggle);
    await waitFor(() => expect(api.settings.scriptingApi).toBe(true));
    expect(await screen.findByText('Opening…')).toBeInTheDocument();
  });
});

describe('Settings: MCP clients', () => {
  it('turns on consent for own clients and sets the refresh-token reuse interval', async () => {
    const { api, user } = await renderApp('Settings');
    await user.click(await screen.findByRole('checkbox', { name: /consent page to your own clients/ }));
    await user.selectOptions(screen.getByRole('combobox', { name: /Refresh-token reuse interval/ }), '5');
    await waitFor(() => expect(api.settings).toMatchObject({ consentForOwnClients: true, refreshTokenReuseInterval: 5 }));
  });
});

describe('Settings: your MCP server', () => {
  it('saves the MCP upstream and refuses one that is not a URL, naming the field', async () => {
    const { api, user } = await renderApp('Settings');
    const field = await screen.findByLabelText('Your MCP server');
    await user.type(field, 'not a url');
    expect(screen.getByText('Must be an absolute http(s) URL, or empty.')).toBeInTheDocument();
    await user.clear(field);
    await user.type(field, 'http://127.0.0.1:8000/mcp');
    await user.click(screen.getByRole('button', { name: 'Save network settings' }));
    await waitFor(() => expect(api.settings.mcpUpstream).toBe('http://127.0.0.1:8000/mcp'));
  });
});

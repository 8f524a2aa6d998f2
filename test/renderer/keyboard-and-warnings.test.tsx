import { screen, waitFor, within } from '@testing-library/react';
import { FakeControlApi, installFlow } from './fake-control-api';
import { renderApp } from './render-app';

describe('keyboard: preview tabs and the flow diagram', () => {
  it('preview tabs move focus with the selection (arrows, Home, End)', async () => {
    const { user } = await renderApp('Settings');
    const manifestTab = await screen.findByRole('tab', { name: 'ai-plugin.json' });
    manifestTab.focus();
    await user.keyboard('{ArrowRight}');
    const openapiTab = screen.getByRole('tab', { name: 'OpenAPI' });
    expect(openapiTab).toHaveFocus();
    expect(openapiTab).toHaveAttribute('aria-selected', 'true');
    expect(screen.getByRole('tabpanel')).toHaveAccessibleName('OpenAPI');
    await user.keyboard('{Home}');
    expect(manifestTab).toHaveFocus();
    await user.keyboard('{End}');
    expect(openapiTab).toHaveFocus();
    await user.keyboard('{ArrowRight}');
    expect(manifestTab).toHaveFocus();
  });

  it('each arrow of the flow diagram is a button reached by Tab and selects its request', async () => {
    const api = new FakeControlApi();
    const flow = installFlow();
    for (const entry of flow) api.traffic.push(entry);
    const { user } = await renderApp('Traffic', api);
    await user.click(await screen.findByRole('option', { name: /oauth\/token/ }));
    await user.click(screen.getByRole('button', { name: /Show this install as a sequence diagram/ }));
    const diagram = screen.getByRole('group', { name: /Sequence diagram/ });
    const arrows = within(diagram).getAllByRole('button');
    expect(arrows.length).toBeGreaterThan(4);
    const login = arrows.find((arrow) => /POST \/oauth\/login/.test(arrow.getAttribute('aria-label') ?? ''))!;
    expect(login).toHaveAttribute('tabindex', '0');
    login.focus();
    await user.keyboard('{Enter}');
    const loginEntry = flow.find((entry) => entry.kind === 'login')!;
    await waitFor(() => expect(screen.getByRole('region', { name: 'Request detail' })).toHaveTextContent('/oauth/login'));
    expect(
      within(diagram)
        .getAllByRole('button')
        .find((arrow) => arrow.getAttribute('aria-current') === 'true')
        ?.getAttribute('aria-label'),
    ).toMatch(/login/);
    expect(loginEntry).toBeDefined();
  });
});

describe('http:// warnings', () => {
  it('warns when the Public URL is http:// (ChatGPT needs https), tied to the field', async () => {
    const { user } = await renderApp('Settings');
    const field = await screen.findByLabelText('Public URL');
    await user.type(field, 'http://plugin.example.com');
    expect(field).toHaveAccessibleDescription(/http:\/\/ — ChatGPT needs https/);
    await user.clear(field);
    await user.type(field, 'https://plugin.example.com');
    expect(field).not.toHaveAccessibleDescription(/ChatGPT needs https/);
  });

  it('warns on an http:// redirect URI while typing and in the list', async () => {
    const api = new FakeControlApi();
    api.settings.redirectUris = ['http://localhost:5173/callback'];
    const { user } = await renderApp('Settings', api);
    const list = await screen.findByRole('list', { name: 'Extra redirect URIs' });
    expect(list).toHaveTextContent('http:// — ChatGPT needs https');
    const field = screen.getByLabelText('Add a redirect URI');
    await user.type(field, 'http://example.com/cb');
    expect(field).toHaveAccessibleDescription(/ChatGPT needs https/);
    expect(field).not.toHaveAttribute('aria-invalid');
  });
});

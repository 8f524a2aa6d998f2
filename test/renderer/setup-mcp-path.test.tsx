import { act, screen, waitFor, within } from '@testing-library/react';
import { mcpSteps } from '../../renderer/views/setup/mcp-steps';
import { makeEntry, toSummary } from './fake-control-api';
import { renderApp } from './render-app';

/** An MCP connect as ChatGPT makes it, through the tunnel: the requests Handshake records, in order. */
function mcpConnect(clientId = 'dcr_abc') {
  const json = { contentType: 'application/json', text: '{}', parsed: {}, size: 2, truncated: false };
  return [
    makeEntry({ kind: 'mcp', method: 'POST', path: '/mcp', status: 401 }),
    makeEntry({ kind: 'discovery', path: '/.well-known/oauth-protected-resource/mcp' }),
    makeEntry({ kind: 'discovery', path: '/.well-known/oauth-authorization-server' }),
    makeEntry({ kind: 'registration', method: 'POST', path: '/oauth/register', status: 201, clientId }),
    makeEntry({ kind: 'authorize', path: '/oauth/authorize', clientId }),
    makeEntry({ kind: 'login', method: 'POST', path: '/oauth/authorize', status: 302, clientId }),
    makeEntry({ kind: 'token', method: 'POST', path: '/oauth/token', clientId, response: { headers: {}, body: json } }),
    makeEntry({ kind: 'mcp', method: 'POST', path: '/mcp', rpc: 'initialize', clientId }),
    makeEntry({ kind: 'mcp', method: 'POST', path: '/mcp', rpc: 'tools/list', clientId }),
    makeEntry({ kind: 'mcp', method: 'POST', path: '/mcp', rpc: 'tools/call add_todo', clientId }),
  ];
}

describe('Setup: the MCP path', () => {
  it('opens on the MCP path: the /mcp URL to paste, the Codex snippet, and which MCP server answers', async () => {
    const { user } = await renderApp();
    expect(screen.getByRole('tab', { name: 'MCP server (ChatGPT, Claude, Codex, Cursor, VS Code …)' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    expect(await screen.findByLabelText('MCP server URL')).toHaveTextContent('http://127.0.0.1:3030/mcp');
    await user.click(await screen.findByRole('tab', { name: 'Codex' }));
    expect(screen.getByLabelText('Codex configuration')).toHaveTextContent('url = "http://127.0.0.1:3030/mcp"');
    expect(screen.getByText(/built-in demo MCP server answers/)).toBeInTheDocument();
    expect(screen.queryByLabelText('Client ID')).not.toBeInTheDocument();
  });

  it('ticks from an MCP connect through the tunnel, and a failed first tool call is offered for inspection', async () => {
    const { api } = await renderApp();
    const waiting = await screen.findByRole('list', { name: 'Waiting for ChatGPT' });
    const connect = mcpConnect();
    connect[9] = { ...connect[9], notes: [{ level: 'error', code: 'mcp_tool_error', message: 'Tool add_todo returned an error: nope' }] };
    act(() => {
      for (const entry of connect) api.receive(entry);
    });
    for (const label of [
      'Metadata fetched',
      'Client registered or identified',
      'Signed in',
      'Code exchanged for tokens',
      'MCP session started',
    ]) {
      await waitFor(() => expect(within(waiting).getByText(label).closest('li')).toHaveClass('done'));
    }
    const tool = within(waiting).getByText('First tool call').closest('li')!;
    expect(tool).toHaveClass('failed');
    expect(tool).toHaveTextContent('Tool add_todo returned an error');
  });

  it('switches to the classic path with the keyboard and remembers the choice', async () => {
    const { user, unmount } = await renderApp();
    const mcpTab = screen.getByRole('tab', { name: 'MCP server (ChatGPT, Claude, Codex, Cursor, VS Code …)' });
    mcpTab.focus();
    await user.keyboard('{ArrowRight}');
    expect(screen.getByRole('tab', { name: 'Classic plugin / GPT Action' })).toHaveAttribute('aria-selected', 'true');
    expect(screen.getByRole('tab', { name: 'Classic plugin / GPT Action' })).toHaveFocus();
    expect(await screen.findByLabelText('Client ID')).toBeInTheDocument();
    unmount();
    await renderApp();
    expect(screen.getByRole('tab', { name: 'Classic plugin / GPT Action' })).toHaveAttribute('aria-selected', 'true');
  });
});

describe('Setup: the host picker', () => {
  it('shows exactly what to do in each host, with the URL filled in, and the checklist ticks to expect; the choice is remembered', async () => {
    const { user, unmount } = await renderApp();
    await user.click(await screen.findByRole('tab', { name: 'Cursor' }));
    expect(screen.getByLabelText('Cursor configuration')).toHaveTextContent('"handshake": { "url": "http://127.0.0.1:3030/mcp" }');
    expect(screen.getByRole('list', { name: 'Checklist ticks to expect from Cursor' })).toHaveTextContent(
      /registers before you press Connect/,
    );
    expect(screen.getByRole('list', { name: 'Waiting for Cursor' })).toBeInTheDocument();

    await user.click(screen.getByRole('tab', { name: 'VS Code' }));
    expect(screen.getByLabelText('VS Code configuration')).toHaveTextContent('"type": "http", "url": "http://127.0.0.1:3030/mcp"');
    await user.click(screen.getByRole('tab', { name: 'Claude Code' }));
    expect(screen.getByLabelText('Claude Code configuration')).toHaveTextContent(
      'claude mcp add --transport http handshake http://127.0.0.1:3030/mcp',
    );
    await user.click(screen.getByRole('tab', { name: 'MCP Inspector' }));
    expect(screen.getByRole('list', { name: 'MCP Inspector: what to do' })).toHaveTextContent('npx @modelcontextprotocol/inspector');

    await user.click(screen.getByRole('tab', { name: 'Claude' }));
    expect(screen.getByText('Claude cannot reach this address')).toBeInTheDocument();
    expect(screen.getByRole('list', { name: 'Claude: what to do' })).toHaveTextContent('Settings → Connectors → Add custom connector');
    unmount();
    await renderApp();
    expect(await screen.findByRole('tab', { name: 'Claude' })).toHaveAttribute('aria-selected', 'true');
  });

  it('Test as plays the host chosen in its selector', async () => {
    const { user, api } = await renderApp();
    const card = (await screen.findByRole('button', { name: 'Test as ChatGPT' })).closest('section')!;
    await user.selectOptions(await within(card as HTMLElement).findByRole('combobox', { name: 'Play' }), 'Cursor');
    expect(within(card as HTMLElement).getByRole('button', { name: 'Test as Cursor' })).toBeInTheDocument();
    api.checkScript = [];
    await user.click(within(card as HTMLElement).getByRole('button', { name: 'Test as Cursor' }));
    await waitFor(() => expect(api.calls.filter((call) => call.method === 'runCheck').at(-1)?.input).toMatchObject({ profile: 'cursor' }));
  });
});

describe('MCP steps', () => {
  it('tick for any host from this machine, naming it', () => {
    const local = mcpConnect().map((entry) => toSummary({ ...entry, arrival: { via: 'loopback', agent: null }, mcpHost: 'claude-code' }));
    const steps = mcpSteps(local, 'handshake-classic', 'Cursor');
    expect(steps.every((step) => step.done)).toBe(true);
    expect(steps[0].detail).toMatch(/from Claude Code$/);
  });

  it('do not tick from the classic client’s requests nor from requests made on this machine', () => {
    // The classic plugin client never registers; its sign-in and token requests are the classic path's.
    const classic = mcpConnect('handshake-classic')
      .filter((entry) => entry.kind !== 'registration')
      .map(toSummary);
    expect(
      mcpSteps(classic, 'handshake-classic')
        .filter((step) => step.done)
        .map((step) => step.id),
    ).toEqual(['metadata', 'initialize', 'tool']);
    const local = mcpConnect().map((entry) => toSummary({ ...entry, arrival: { via: 'loopback', agent: null } }));
    const steps = mcpSteps(local, 'handshake-classic');
    expect(steps.every((step) => !step.done)).toBe(true);
    expect(steps[0].detail).toMatch(/from 127\.0\.0\.1 — not ChatGPT/);
  });

  it('count a client identified by its metadata document (no registration) as identified at its first authorize', () => {
    const cimd = mcpConnect('https://chatgpt.com/oauth/client.json')
      .filter((entry) => entry.kind !== 'registration')
      .map(toSummary);
    expect(mcpSteps(cimd, 'handshake-classic')[1].done).toBe(true);
  });
});

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
    await renderApp();
    expect(screen.getByRole('tab', { name: 'ChatGPT or Codex plugin (MCP server)' })).toHaveAttribute('aria-selected', 'true');
    expect(await screen.findByLabelText('MCP server URL')).toHaveTextContent('http://127.0.0.1:3030/mcp');
    expect(screen.getByLabelText('Codex configuration')).toHaveTextContent('url = "http://127.0.0.1:3030/mcp"');
    expect(screen.getByText(/built-in demo MCP server answers/)).toBeInTheDocument();
    expect(screen.queryByLabelText('Client ID')).not.toBeInTheDocument();
  });

  it('ticks from an MCP connect through the tunnel, and a failed first tool call is offered for inspection', async () => {
    const { api } = await renderApp();
    const waiting = await screen.findByRole('list', { name: 'Waiting for ChatGPT or Codex' });
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
    const mcpTab = screen.getByRole('tab', { name: 'ChatGPT or Codex plugin (MCP server)' });
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

describe('MCP steps', () => {
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

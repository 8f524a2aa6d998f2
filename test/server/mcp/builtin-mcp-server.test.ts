import { afterAll, describe, expect, it } from 'vitest';
import { httpRequest } from '../support/http-request';
import { usePluginFixture } from '../support/plugin-fixture';
import { type Connected, connectWithSignIn } from './mcp-connect';

describe('/mcp with nothing configured: the built-in MCP server', () => {
  const running = usePluginFixture();
  const opened: Connected[] = [];
  afterAll(async () => {
    for (const { client } of opened) await client.close();
  });

  it('the MCP SDK client, given only the /mcp URL, signs in and calls tools as the signed-in user', async () => {
    const connected = await connectWithSignIn(`${running.publicUrl}/mcp`, running.user);
    opened.push(connected);
    const { tools } = await connected.client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual(['add_todo', 'delete_todo', 'list_todos', 'whoami']);
    expect(tools.find((tool) => tool.name === 'list_todos')?.annotations).toMatchObject({ readOnlyHint: true });
    expect(tools.find((tool) => tool.name === 'delete_todo')?.annotations).toMatchObject({ destructiveHint: true });

    const whoami = await connected.client.callTool({ name: 'whoami', arguments: {} });
    expect(whoami.structuredContent).toEqual({ id: running.user.id, email: running.user.email, name: running.user.name });
    const added = await connected.client.callTool({ name: 'add_todo', arguments: { text: 'connect ChatGPT' } });
    expect(added.structuredContent).toMatchObject({ text: 'connect ChatGPT' });
    // The same list as the demo REST API's; the MCP token itself is for /mcp only (its audience).
    expect((await running.gpt.callApi(connected.provider.saved!.access_token, '/todos')).status).toBe(401);
    const rest = await running.gpt.callApi((await running.gpt.install(running.user)).tokens.access_token, '/todos');
    expect(rest.status).toBe(200);
    expect(rest.json.todos.map((todo: { text: string }) => todo.text)).toContain('connect ChatGPT');
    const missing = await connected.client.callTool({ name: 'delete_todo', arguments: { id: 'nope' } });
    expect(missing.isError).toBe(true);
  });

  it('without a token: 401 whose challenge names the resource metadata (and the scope), with no error code', async () => {
    await running.api.call('PATCH', '/api/settings', { scope: 'todos.read todos.write' });
    try {
      const answer = await httpRequest(`${running.publicUrl}/mcp`, {
        method: 'POST',
        body: { jsonrpc: '2.0', id: 1, method: 'initialize', params: {} },
      });
      expect(answer.status).toBe(401);
      expect(answer.headers['www-authenticate']).toBe(
        `Bearer realm="Handshake", resource_metadata="${running.publicUrl}/.well-known/oauth-protected-resource/mcp", scope="todos.read todos.write"`,
      );
    } finally {
      await running.api.call('PATCH', '/api/settings', { scope: '' });
    }
  });

  it('a bad token, a token for another resource, or one in the query string: 401 invalid_token; "Bearer" alone: 400', async () => {
    const post = (headers: Record<string, string>, query = '') =>
      httpRequest(`${running.publicUrl}/mcp${query}`, {
        method: 'POST',
        headers: { accept: 'application/json, text/event-stream', ...headers },
        body: { jsonrpc: '2.0', id: 1, method: 'tools/list' },
      });
    const unknown = await post({ authorization: 'Bearer hsa_not-a-token-we-issued' });
    expect(unknown.status).toBe(401);
    expect(unknown.headers['www-authenticate']).toMatch(/resource_metadata=".*", error="invalid_token"/);

    // A token whose audience is the REST API, not the MCP server.
    const { code } = await running.gpt.obtainCode(running.user);
    const restToken = (await running.gpt.exchangeCode(code, { resource: running.publicUrl })).json.access_token;
    const foreign = await post({ authorization: `Bearer ${restToken}` });
    expect(foreign.status).toBe(401);
    expect(foreign.json.error_description).toBe('the access token is for another resource');
    expect((await running.gpt.callApi(restToken, '/me')).status).toBe(200);

    const inQuery = await post({}, `?access_token=${restToken}`);
    expect(inQuery.status).toBe(401);
    expect(inQuery.headers['www-authenticate']).not.toMatch(/error=/);
    expect((await post({ authorization: 'Bearer' })).status).toBe(400);
  });

  it('GET and DELETE: the built-in server is stateless and says so', async () => {
    const { tokens } = await running.gpt.install(running.user);
    const get = await httpRequest(`${running.publicUrl}/mcp`, {
      headers: { authorization: `Bearer ${tokens.access_token}`, accept: 'text/event-stream' },
    });
    expect(get.status).toBe(405);
    expect(get.headers.allow).toBe('POST');
    const end = await httpRequest(`${running.publicUrl}/mcp`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${tokens.access_token}`, 'mcp-session-id': 'any' },
    });
    expect(end.status).toBe(405);
    expect(end.json.error.message).toMatch(/stateless/);
  });
});

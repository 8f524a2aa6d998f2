import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpRequest } from '../support/http-request';
import { usePluginFixture } from '../support/plugin-fixture';
import { type Connected, connectWithSignIn } from './mcp-connect';

interface Summary {
  id: string;
  kind: string;
  rpc?: string;
  flowId: string | null;
  status: number;
  worstNote: string | null;
}
interface Entry extends Omit<Summary, 'worstNote'> {
  notes: { level: string; code: string; message: string }[];
  response: { body: { parsed: unknown } | null };
}

describe('MCP-aware inspection', () => {
  const running = usePluginFixture();
  let connected: Connected;
  beforeAll(async () => {
    connected = await connectWithSignIn(`${running.publicUrl}/mcp`, running.user);
  });
  afterAll(() => connected?.client.close());

  const latest = async (rpc: string) => {
    const rows = await running.api.call<Summary[]>('GET', `/api/traffic?kind=mcp&limit=50`);
    const row = rows.find((summary) => summary.rpc === rpc);
    if (!row) throw new Error(`no mcp entry for ${rpc} in ${rows.map((summary) => summary.rpc).join(' | ')}`);
    return running.api.call<Entry>('GET', `/api/traffic/${row.id}`);
  };

  it('lists MCP requests by JSON-RPC method and tool, in the connect’s flow; a tool error is a problem', async () => {
    await connected.client.listTools();
    await connected.client.callTool({ name: 'add_todo', arguments: { text: 'inspect me' } });
    const call = await latest('tools/call add_todo');
    expect(call.kind).toBe('mcp');
    expect(call.notes).toEqual([]);
    expect((await latest('initialize')).status).toBe(200);
    expect((await latest('tools/list')).status).toBe(200);

    // The connect's first request, without a token, is the expected challenge; the stateless server's 405 to GET is allowed.
    const rows = await running.api.call<Summary[]>('GET', '/api/traffic?kind=mcp&limit=100');
    const challenge = await running.api.call<Entry>('GET', `/api/traffic/${rows.at(-1)!.id}`);
    expect(challenge).toMatchObject({ status: 401, notes: [{ level: 'info', code: 'bearer_missing' }] });
    const noStream = await running.api.call<Entry>('GET', `/api/traffic/${rows.find((row) => row.status === 405)!.id}`);
    expect(noStream.notes).toMatchObject([{ level: 'info', code: 'mcp_no_event_stream' }]);

    const flow = await running.api.call<Summary[]>('GET', `/api/traffic?flowId=${call.flowId}`);
    const kinds = flow.reverse().map((row) => row.rpc ?? row.kind);
    expect(kinds.slice(0, 4)).toEqual(['mcp', 'discovery', 'discovery', 'registration']);
    expect(kinds).toContain('authorize');
    expect(kinds).toContain('token');
    expect(kinds).toContain('tools/call add_todo');

    await connected.client.callTool({ name: 'delete_todo', arguments: { id: 'missing' } });
    const failed = await latest('tools/call delete_todo');
    expect(failed.notes.map((note) => note.code)).toEqual(['mcp_tool_error']);
    const listed = await running.api.call<Summary[]>('GET', `/api/traffic?kind=mcp&limit=1`);
    expect(listed[0]).toMatchObject({ rpc: 'tools/call delete_todo', worstNote: 'error' });
  });

  describe('answers from an upstream', () => {
    let upstream: Server;
    let token = '';
    beforeAll(async () => {
      upstream = createServer((req, res) => {
        let body = '';
        req.on('data', (chunk) => (body += chunk));
        req.on('end', () => {
          const message = JSON.parse(body);
          if (message.method === 'initialize') {
            return void res
              .writeHead(200, { 'content-type': 'application/json' })
              .end(JSON.stringify({ jsonrpc: '2.0', id: message.id, error: { code: -32602, message: 'Unsupported protocol version' } }));
          }
          res.writeHead(200, { 'content-type': 'text/event-stream' });
          res.end(
            `event: message\ndata: ${JSON.stringify({ jsonrpc: '2.0', id: message.id, result: { isError: true, content: [{ type: 'text', text: 'sign in again' }], _meta: { 'mcp/www_authenticate': ['Bearer resource_metadata="https://x/.well-known/oauth-protected-resource"'] } } })}\n\n`,
          );
        });
      });
      await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
      await running.api.call('PATCH', '/api/settings', { mcpUpstream: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/mcp` });
      const resource = `${running.publicUrl}/mcp`;
      const { code } = await running.gpt.obtainCode(running.user, { resource });
      token = (await running.gpt.exchangeCode(code, { resource })).json.access_token;
    });
    afterAll(async () => {
      await running.api.call('PATCH', '/api/settings', { mcpUpstream: '' });
      upstream.closeAllConnections();
      await new Promise((resolve) => upstream.close(resolve));
    });
    const send = (message: unknown) =>
      httpRequest(`${running.publicUrl}/mcp`, {
        method: 'POST',
        body: message,
        headers: { authorization: `Bearer ${token}`, accept: 'application/json, text/event-stream' },
      });

    it('a failed initialize after signing in: "No actions available", in plain words', async () => {
      await send({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '1999-01-01' } });
      const entry = await latest('initialize');
      expect(entry.notes[0], JSON.stringify(entry.notes)).toMatchObject({ code: 'mcp_connect_failed' });
      expect(entry.notes[0].message, entry.notes[0].message).toContain(
        'refused initialize (JSON-RPC error -32602: Unsupported protocol version)',
      );
      expect(entry.notes[0].message).toContain('ChatGPT will say "No actions available"');
    });

    it('an SSE answer is shown as its events; a tool challenge without error and error_description is named', async () => {
      await send({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'private_notes', arguments: {} } });
      const entry = await latest('tools/call private_notes');
      expect(entry.response.body?.parsed).toMatchObject({ events: [{ event: 'message', data: { id: 2, result: { isError: true } } }] });
      expect(entry.notes.map((note) => note.code)).toEqual(['mcp_tool_challenge_incomplete']);
    });
  });
});

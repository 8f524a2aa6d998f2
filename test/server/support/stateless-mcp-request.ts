import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { Request, Response } from 'express';

/**
 * Answers one Streamable HTTP request as a stateless SDK server does (a fresh server and transport per request, JSON
 * answers): the shape of the test MCP servers that sit behind an auth check. `register` adds the tools.
 */
export async function answerStatelessMcp(req: Request, res: Response, name: string, register: (server: McpServer) => void): Promise<void> {
  const server = new McpServer({ name, version: '1.0.0' });
  register(server);
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
  res.on('close', () => {
    void transport.close();
    void server.close();
  });
  await server.connect(transport);
  await transport.handleRequest(req, res, req.body);
}

import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import express from 'express';
import { z } from 'zod';

/**
 * A developer's own MCP server, as the SDK's examples build one: Streamable HTTP at /mcp with sessions. It records the
 * headers of every request it receives, so tests can see what Handshake forwarded.
 */
export class UpstreamMcpServer {
  readonly seen: IncomingHttpHeaders[] = [];
  readonly sessions = new Map<string, StreamableHTTPServerTransport>();
  readonly ended: string[] = [];
  private server!: Server;
  url = '';

  async start(): Promise<this> {
    const app = express();
    app.use(express.json());
    app.use((req, _res, next) => {
      this.seen.push({ ...req.headers });
      next();
    });
    app.post('/mcp', async (req, res) => {
      const sessionId = req.headers['mcp-session-id'] as string | undefined;
      let transport = sessionId ? this.sessions.get(sessionId) : undefined;
      if (!transport) {
        if (sessionId || !isInitializeRequest(req.body)) {
          res.status(sessionId ? 404 : 400).json({ jsonrpc: '2.0', id: null, error: { code: -32000, message: 'no such session' } });
          return;
        }
        transport = new StreamableHTTPServerTransport({
          sessionIdGenerator: () => randomUUID(),
          onsessioninitialized: (id) => void this.sessions.set(id, transport!),
        });
        transport.onclose = () => {
          if (transport!.sessionId) this.sessions.delete(transport!.sessionId);
        };
        await this.mcpServer(req.headers).connect(transport);
      }
      await transport.handleRequest(req, res, req.body);
    });
    const bySession = async (req: express.Request, res: express.Response) => {
      const transport = this.sessions.get(String(req.headers['mcp-session-id']));
      if (!transport) return void res.status(404).end();
      if (req.method === 'DELETE') this.ended.push(String(req.headers['mcp-session-id']));
      await transport.handleRequest(req, res);
    };
    app.get('/mcp', bySession);
    app.delete('/mcp', bySession);
    this.server = createServer(app);
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/mcp`;
    return this;
  }

  /** One tool that answers with the identity Handshake forwarded. */
  private mcpServer(headers: IncomingHttpHeaders): McpServer {
    const server = new McpServer({ name: 'developer-upstream', version: '1.0.0' });
    server.registerTool(
      'upstream_whoami',
      { description: 'Who Handshake says is calling', inputSchema: { greeting: z.string().optional() } },
      async ({ greeting }) => ({
        content: [{ type: 'text', text: `${greeting ?? 'hello'} ${headers['x-handshake-user-email']}` }],
        structuredContent: { email: headers['x-handshake-user-email'], sawAuthorization: headers.authorization !== undefined },
      }),
    );
    return server;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

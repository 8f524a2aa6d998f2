import express, { type Request, type RequestHandler, type Response, Router } from 'express';
import { createGateway } from '../gateway/gateway';
import { clientAddress } from '../http/client-address';
import { bearerAuth, createBearerAuthentication } from '../oauth/bearer-authentication';
import { mcpPath } from '../oauth/resource-indicator';
import type { PublicContext } from '../public/public-context';
import { addNote, annotate } from '../traffic/annotations';
import { mcpResource } from './mcp-resource';
import { inspectMcpAnswer, jsonRpcFailure } from './mcp-upstream-answer';

/**
 * /mcp, the MCP server ChatGPT and Codex are given: a protected resource (401 with resource_metadata until a token for
 * it is sent), then either the developer's MCP server (settings.mcpUpstream: streamed both ways, the user's identity
 * in X-Handshake-* headers, never the token) or, with none set, Handshake's built-in demo server.
 */
export function mountMcpRoute(app: Router, context: PublicContext): void {
  const authenticate = createBearerAuthentication(
    context.store,
    (req) => mcpResource(context.baseUrl(req), context.store.settings.get()),
    'mcp',
  );
  const upstream = createGateway({
    getSettings: () => context.store.settings.get(),
    upstreamOf: (settings) => settings.mcpUpstream,
    exactEndpoint: true,
    subject: 'MCP server',
    kind: 'mcp',
    authenticate,
    failureBody: jsonRpcFailure,
    inspectAnswer: inspectMcpAnswer,
  });
  const builtIn = Router();
  builtIn.use(authenticate);
  builtIn.post('/', express.json({ limit: '4mb', type: ['application/json', 'application/*+json'] }), serveDemo(context));
  // The built-in server is stateless: no event stream to open and no session to end.
  builtIn.all('/', (_req, res) => {
    res.setHeader('Allow', 'POST');
    res.status(405).json(jsonRpcFailure('The built-in MCP server is stateless: send JSON-RPC requests with POST.'));
  });
  app.use(mcpPath, (req, res, next) => {
    // A connect starts here: the 401 that sends the client to discovery belongs to its flow.
    if (req.headers.authorization === undefined) annotate(res, { flowId: context.connectFlows.forDiscovery(clientAddress(req)) });
    return context.store.settings.get().mcpUpstream ? upstream(req, res, next) : builtIn(req, res, next);
  });
}

/** The MCP SDK is loaded at the first /mcp request, not at start: idle memory is what a newcomer's machine pays. */
const loadSdk = async () => {
  const [{ StreamableHTTPServerTransport }, { createDemoMcpServer }] = await Promise.all([
    import('@modelcontextprotocol/sdk/server/streamableHttp.js'),
    import('./demo-mcp-server'),
  ]);
  return { StreamableHTTPServerTransport, createDemoMcpServer };
};

function serveDemo(context: PublicContext): RequestHandler {
  return async (req: Request, res: Response) => {
    const { StreamableHTTPServerTransport, createDemoMcpServer } = await loadSdk();
    const server = createDemoMcpServer(context.store, bearerAuth(res).user);
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    res.on('close', () => {
      void transport.close();
      void server.close();
    });
    try {
      await server.connect(transport);
      await transport.handleRequest(req, res, req.body);
    } catch (error) {
      addNote(res, 'error', 'mcp_demo_failed', `The built-in MCP server failed: ${(error as Error).message}`);
      if (!res.headersSent) res.status(500).json(jsonRpcFailure('internal error'));
    }
  };
}

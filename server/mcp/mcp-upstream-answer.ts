import type { IncomingMessage } from 'node:http';
import type { Request, Response } from 'express';
import { addNote } from '../traffic/annotations';

/** A JSON-RPC error answer with no request id (the request could not be read by an MCP server), as MCP clients expect. */
export function jsonRpcFailure(message: string): { jsonrpc: '2.0'; id: null; error: { code: number; message: string } } {
  return { jsonrpc: '2.0', id: null, error: { code: -32000, message } };
}

function refuse(res: Response, code: string, message: string): true {
  addNote(res, 'error', code, message);
  res.status(502).set('Cache-Control', 'no-store').json(jsonRpcFailure(message));
  return true;
}

/**
 * Refuses to relay what cannot be an MCP server's answer, with what to do: an HTML page (a web app on that port), or
 * a 404 to a request outside any session (no MCP endpoint at that path). A 404 within a session (the session is
 * gone), a 403 step-up challenge and everything else pass through untouched.
 */
export function inspectMcpAnswer(answer: IncomingMessage, req: Request, res: Response, upstream: string): boolean {
  const type = String(answer.headers['content-type'] ?? '').toLowerCase();
  if (type.startsWith('text/html')) {
    return refuse(
      res,
      'mcp_upstream_html',
      `The MCP server setting points to ${upstream}, which answered an HTML page (HTTP ${answer.statusCode}), not MCP. Set it to your MCP server's Streamable HTTP endpoint (often …/mcp) in Settings → MCP server.`,
    );
  }
  if (answer.statusCode === 404 && req.headers['mcp-session-id'] === undefined) {
    return refuse(
      res,
      'mcp_upstream_not_found',
      `Nothing answers MCP at ${upstream} (HTTP 404). Check the path of the MCP server setting: it must be your server's Streamable HTTP endpoint (often …/mcp).`,
    );
  }
  return false;
}

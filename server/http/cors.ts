import cors from 'cors';

/**
 * CORS for the endpoints browser-based clients (MCP Inspector, web MCP hosts) call directly: metadata, token,
 * registration, revocation, introspection. Any origin, no cookies. Never for the login page or the control API.
 */
export const protocolCors = cors({
  origin: '*',
  methods: ['GET', 'POST', 'OPTIONS'],
  allowedHeaders: ['Authorization', 'Content-Type', 'MCP-Protocol-Version', 'Accept'],
  exposedHeaders: ['WWW-Authenticate'],
  maxAge: 600,
});

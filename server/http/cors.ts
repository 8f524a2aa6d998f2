import cors from 'cors';
import type { RequestHandler } from 'express';

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

/** The same on the hot protocol endpoints, applied only to requests that carry an Origin (browsers): servers such as ChatGPT's send none. */
export const protocolCorsForBrowsers: RequestHandler = (req, res, next) =>
  req.headers.origin === undefined ? next() : protocolCors(req, res, next);

import { hostName } from '../../hosts/recognise-host';
import { bodyFields, single, type WireExchange } from '../wire-exchange';
import type { Diagnosis } from './diagnosis';

const who = (exchange: WireExchange) => (exchange.mcpHost ? hostName(exchange.mcpHost) : 'The client');

function resourceOf(exchange: WireExchange): string | undefined {
  return single(exchange.query.resource) ?? single(bodyFields(exchange.requestBody)?.resource);
}

/** Claude Code (and older SDKs) add a slash to `resource`; Handshake compares canonically, a strict server would not. */
export const resourceTrailingSlash: Diagnosis = (exchange) => {
  if (exchange.kind !== 'authorize' && exchange.kind !== 'login' && exchange.kind !== 'token') return null;
  const resource = resourceOf(exchange);
  if (!resource || !/[^/]\/+$/.test(resource) || !URL.canParse(resource)) return null;
  return {
    level: 'info',
    code: 'resource_trailing_slash',
    message: `${who(exchange)} sent resource "${resource}" with a trailing slash (Claude Code does this). Handshake compares resources canonically and accepted it; servers that compare exactly (Entra: AADSTS9010010) refuse it.`,
  };
};

/** A refresh without `resource` (Codex 0.148): the grant keeps the audience it was authorized for. */
export const refreshWithoutResource: Diagnosis = (exchange) => {
  if (exchange.kind !== 'token' || exchange.status !== 200) return null;
  const fields = bodyFields(exchange.requestBody);
  if (single(fields?.grant_type) !== 'refresh_token' || resourceOf(exchange) !== undefined) return null;
  return {
    level: 'info',
    code: 'refresh_without_resource',
    message: `${who(exchange)} sent no resource on refresh (some Codex builds omit it). The new tokens keep the audience the grant was authorized for; a server that requires resource on every token request would answer invalid_grant.`,
  };
};

/** A browser-based client (MCP Inspector's page) asks before its cross-origin call: what it needs back. */
export const corsPreflight: Diagnosis = (exchange) => {
  if (exchange.method !== 'OPTIONS' || !exchange.requestHeaders['access-control-request-method']) return null;
  const origin = single(exchange.requestHeaders.origin) ?? '(no Origin)';
  const allowed = exchange.responseHeaders['access-control-allow-origin'];
  if (!allowed)
    return {
      level: 'warn',
      code: 'cors_preflight_refused',
      message: `${who(exchange)} runs in a browser page at ${origin} and asked whether it may call ${exchange.path}; the answer has no Access-Control-Allow-Origin, so the browser blocks the call.`,
    };
  return {
    level: 'info',
    code: 'cors_preflight',
    message: `${who(exchange)} runs in a browser page at ${origin} (a CORS preflight before calling ${exchange.path}); Handshake allowed it.`,
  };
};

const fallbackPaths = new Set(['/authorize', '/token', '/register']);

/** The 2025-03-26 defaults: a client that found no metadata goes to /authorize, /token, /register at the origin. */
export const fallbackEndpoint: Diagnosis = (exchange) => {
  if (!fallbackPaths.has(exchange.path) || exchange.method === 'OPTIONS') return null;
  return {
    level: 'info',
    code: 'fallback_endpoint',
    message: `${who(exchange)} called ${exchange.path} at the origin, the 2025-03-26 default for a server without metadata (Claude, Codex and VS Code fall back to it when discovery fails). Handshake answers it as /oauth${exchange.path}; check why discovery failed if this was not expected.`,
  };
};

import type { McpHostId } from '../hosts/host-profile';
import { recogniseHost } from '../hosts/recognise-host';
import { bodyFields, single, type WireExchange } from './wire-exchange';

/** A registered client's host, as the client registry recognises it from its metadata. */
export type ClientHosts = (clientId: string) => McpHostId | undefined;

/**
 * The MCP host behind one exchange: the client it names (a known client's metadata, or a metadata document URL),
 * the redirect URI it carries, the client_name it registers, then its User-Agent or page Origin.
 */
export function mcpHostOf(exchange: WireExchange, clientId: string | null, clientHosts: ClientHosts | undefined): McpHostId | undefined {
  if (clientId && clientHosts) {
    const known = clientHosts(clientId);
    if (known) return known;
  }
  const body = bodyFields(exchange.requestBody) as Record<string, unknown> | null;
  const redirectUris: string[] = [];
  const redirect = single(exchange.query.redirect_uri) ?? (typeof body?.redirect_uri === 'string' ? body.redirect_uri : undefined);
  if (redirect) redirectUris.push(redirect);
  if (exchange.kind === 'registration' && Array.isArray(body?.redirect_uris))
    redirectUris.push(...body.redirect_uris.filter((uri): uri is string => typeof uri === 'string'));
  return recogniseHost({
    clientId,
    redirectUris,
    clientName: exchange.kind === 'registration' && typeof body?.client_name === 'string' ? body.client_name : null,
    userAgent: single(exchange.requestHeaders['user-agent']) ?? null,
    origin: single(exchange.requestHeaders.origin) ?? null,
  });
}

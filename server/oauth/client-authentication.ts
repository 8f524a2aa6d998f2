import type { Request } from 'express';
import { constantTimeEqual, fingerprint } from '../crypto/random-token';
import type { ClientRepository } from '../store/client-repository';
import { InvalidClient, InvalidRequest } from './oauth-error';

export interface AuthenticatedClient {
  clientId: string;
  method: 'client_secret_basic' | 'client_secret_post';
}

interface Credentials {
  clientId: string | undefined;
  secret: string | undefined;
}

/** RFC 6749 §2.3.1: id and secret are form-encoded before base64. */
function basicCredentials(header: string): Credentials {
  const match = /^Basic\s+([A-Za-z0-9+/=._~-]+)\s*$/i.exec(header);
  const decoded = match ? Buffer.from(match[1], 'base64').toString('utf8') : '';
  const colon = decoded.indexOf(':');
  if (colon < 0) {
    throw new InvalidClient('the Basic authorization header is malformed', {
      code: 'basic_header_malformed',
      message: 'The Authorization header says Basic but is not base64 of "client_id:client_secret".',
    }, true);
  }
  try {
    const decode = (part: string) => decodeURIComponent(part.replace(/\+/g, ' '));
    return { clientId: decode(decoded.slice(0, colon)), secret: decode(decoded.slice(colon + 1)) };
  } catch {
    throw new InvalidClient('the Basic authorization header is malformed', {
      code: 'basic_header_malformed',
      message: 'The client id or secret in the Basic header has a broken %-escape.',
    }, true);
  }
}

/**
 * client_secret_basic or client_secret_post (GPT Actions offer both; plugins send the secret in the body).
 * Secrets are compared in constant time; the diagnosis says where the credentials were found.
 */
export function authenticateClient(req: Request, parameters: Record<string, string>, client: ClientRepository): AuthenticatedClient {
  const header = req.headers.authorization;
  const viaBasic = typeof header === 'string' && /^Basic\b/i.test(header);
  const basic = viaBasic ? basicCredentials(header) : undefined;
  const body: Credentials = { clientId: parameters.client_id, secret: parameters.client_secret };

  if (basic && body.secret !== undefined && body.secret !== basic.secret) {
    throw new InvalidClient('client credentials were sent both in the Authorization header and in the body, and they differ', {
      code: 'client_credentials_conflict',
      message: `The client secret arrived twice — in a Basic header (${fingerprint(basic.secret ?? '')}) and in the body (${fingerprint(body.secret)}) — and they differ. Send it one way: "Basic authorization header" or "Default (POST request)".`,
    }, true);
  }
  if (basic && body.clientId !== undefined && body.clientId !== basic.clientId) {
    throw new InvalidClient('client_id in the body differs from the one in the Authorization header', {
      code: 'client_credentials_conflict',
      message: `The Basic header names client "${basic.clientId}" but the body says "${body.clientId}".`,
    }, true);
  }

  const found = basic ?? body;
  const where = basic ? 'in the Basic Authorization header' : 'in the request body';
  if (!found.clientId) {
    throw new InvalidRequest('client_id is required', {
      code: 'client_id_missing',
      message: 'No client_id in the body and no Basic Authorization header.',
    });
  }
  if (!constantTimeEqual(found.clientId, client.id)) {
    throw new InvalidClient('unknown client', {
      code: 'unknown_client',
      message: `The client_id "${found.clientId}" (${where}) is not Handshake's client ID "${client.id}". Check the Client ID you typed into ChatGPT.`,
    }, viaBasic);
  }
  if (found.secret === undefined || found.secret === '') {
    throw new InvalidClient('client authentication failed', {
      code: 'client_secret_missing',
      message: `No client secret was sent: neither client_secret in the body nor a Basic Authorization header. Plugins send it in the body; GPT Actions as set by "Token Exchange Method".`,
    }, viaBasic);
  }
  if (client.unreadable) {
    throw new InvalidClient('client authentication is unavailable', { code: 'client_secret_unreadable', message: client.unreadable }, viaBasic);
  }
  if (!constantTimeEqual(found.secret, client.secret)) {
    throw new InvalidClient('client authentication failed', {
      code: 'client_secret_mismatch',
      message: `The client secret ${where} (${fingerprint(found.secret)}) does not match the configured client secret (${fingerprint(client.secret)}). Re-type the secret in ChatGPT, or rotate it here and enter the new one.`,
    }, viaBasic);
  }
  return { clientId: found.clientId, method: basic ? 'client_secret_basic' : 'client_secret_post' };
}

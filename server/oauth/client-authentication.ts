import type { Request } from 'express';
import { decodeJwt } from 'jose';
import { fingerprint } from '../crypto/random-token';
import type { TokenEndpointAuthMethod } from '../store/records';
import { parseBasicAuthorization } from './basic-credentials';
import { jwtBearerAssertionType } from './clients/client-assertion';
import type { ClientRegistry } from './clients/client-registry';
import type { OAuthClient } from './clients/oauth-client';
import { InvalidClient, InvalidRequest } from './oauth-error';

export interface AuthenticatedClient {
  clientId: string;
  client: OAuthClient;
  method: TokenEndpointAuthMethod;
}

interface Presented {
  clientId: string | undefined;
  /** The secret as sent, and its other plausible decodings (a Basic header's parts may or may not be form-encoded). */
  secretReadings: string[] | undefined;
}

/**
 * Authenticates the client of a token, revocation or introspection request against the registry: client_secret_basic
 * or client_secret_post for a confidential client (the classic client accepts both, as GPT Actions offer both),
 * private_key_jwt for a client with keys, none for a public one. Secrets are compared in constant time; refusals say
 * where the credentials were found. `issuer`: the public base URL, an assertion's accepted audience.
 */
export async function authenticateClient(
  req: Request,
  parameters: Record<string, string>,
  registry: ClientRegistry,
  issuer: string,
): Promise<AuthenticatedClient> {
  if (parameters.client_assertion !== undefined || parameters.client_assertion_type !== undefined)
    return authenticateByAssertion(req, parameters, registry, issuer);
  const parsed = parseBasicAuthorization(req.headers.authorization);
  const viaBasic = parsed !== null;
  if (parsed === 'malformed') {
    throw new InvalidClient(
      'the Basic authorization header is malformed',
      { code: 'basic_header_malformed', message: 'The Authorization header says Basic but is not base64 of "client_id:client_secret".' },
      { viaBasic },
    );
  }
  const basicId = parsed ? (parsed.idReadings.find((id) => registry.findKnown(id)) ?? parsed.idReadings[0]) : undefined;
  const basic: Presented | undefined = parsed ? { clientId: basicId, secretReadings: parsed.secretReadings } : undefined;
  const body: Presented = {
    clientId: parameters.client_id,
    secretReadings: parameters.client_secret === undefined ? undefined : [parameters.client_secret],
  };

  if (basic && body.secretReadings && !basic.secretReadings!.includes(body.secretReadings[0])) {
    throw new InvalidClient(
      'client credentials were sent both in the Authorization header and in the body, and they differ',
      {
        code: 'client_credentials_conflict',
        message: `The client secret arrived twice — in a Basic header (${fingerprint(basic.secretReadings![0])}) and in the body (${fingerprint(body.secretReadings[0])}) — and they differ. Send it one way: "Basic authorization header" or "Default (POST request)".`,
      },
      { viaBasic },
    );
  }
  if (basic && body.clientId !== undefined && !parsed!.idReadings.includes(body.clientId)) {
    throw new InvalidClient(
      'client_id in the body differs from the one in the Authorization header',
      {
        code: 'client_credentials_conflict',
        message: `The Basic header names client "${basic.clientId}" but the body says "${body.clientId}".`,
      },
      { viaBasic },
    );
  }

  const found = basic ?? body;
  const where = basic ? 'in the Basic Authorization header' : 'in the request body';
  if (!found.clientId) {
    throw new InvalidRequest('client_id is required', {
      code: 'client_id_missing',
      message: 'No client_id in the body and no Basic Authorization header.',
    });
  }
  const client = registry.findKnown(found.clientId);
  if (!client) {
    throw new InvalidClient(
      'unknown client',
      {
        code: 'unknown_client',
        message: `The client_id "${found.clientId}" (${where}) is neither Handshake's client ID "${registry.list()[0].id}" nor a client registered here. Check the Client ID you typed into ChatGPT; a dynamically registered client must register again after it was deleted.`,
      },
      { viaBasic },
    );
  }
  const secretReadings = found.secretReadings?.filter((reading) => reading !== '');

  if (client.authMethod === 'private_key_jwt') {
    throw new InvalidClient(
      'client authentication failed: a client_assertion is required',
      {
        code: 'assertion_missing',
        message: `Client "${client.name}" authenticates with private_key_jwt, yet the request carries no client_assertion${secretReadings?.length ? ' (a secret was sent instead)' : ''}. Send client_assertion_type=${jwtBearerAssertionType} and a signed client_assertion.`,
      },
      { viaBasic },
    );
  }

  if (client.authMethod === 'none') {
    if (secretReadings?.length) {
      throw new InvalidClient(
        'this client is public and has no secret',
        {
          code: 'public_client_sent_secret',
          message: `Client "${client.name}" registered as public (token_endpoint_auth_method "none"), yet a secret was sent ${where}. A public client sends only client_id and proves itself with PKCE.`,
        },
        { viaBasic },
      );
    }
    registry.touch(client);
    return { clientId: client.id, client, method: 'none' };
  }

  if (!secretReadings?.length) {
    throw new InvalidClient(
      'client authentication failed',
      {
        code: 'client_secret_missing',
        message:
          client.kind === 'classic'
            ? 'No client secret was sent: neither client_secret in the body nor a Basic Authorization header. Plugins send it in the body; GPT Actions as set by "Token Exchange Method".'
            : `Client "${client.name}" is confidential (${client.authMethod}) but sent no secret.`,
      },
      { viaBasic },
    );
  }
  const verdict = registry.checkSecret(client, secretReadings);
  if (!verdict.matches) {
    if (verdict.unreadable)
      throw new InvalidClient(
        'client authentication is unavailable',
        { code: 'client_secret_unreadable', message: verdict.unreadable },
        { viaBasic },
      );
    const advice = client.kind === 'classic' ? ' Re-type the secret in ChatGPT, or rotate it here and enter the new one.' : '';
    const shown = fingerprint(secretReadings[0]);
    // Equal fingerprints (the secrets differ before their last four characters) would contradict the verdict.
    const expected = verdict.expectedFingerprint && verdict.expectedFingerprint !== shown ? ` (${verdict.expectedFingerprint})` : '';
    throw new InvalidClient(
      'client authentication failed',
      {
        code: 'client_secret_mismatch',
        message: `The client secret ${where} (${shown}) does not match ${verdict.whose}${expected}${verdict.difference ? `: ${verdict.difference}` : ''}.${advice}`,
      },
      { viaBasic },
    );
  }
  registry.touch(client);
  return { clientId: client.id, client, method: basic ? 'client_secret_basic' : 'client_secret_post' };
}

/**
 * private_key_jwt (RFC 7523 §2.2): the client is named by client_id, or else by the assertion's own sub, and proven
 * by the assertion alone; it must not send a secret as well (RFC 6749 §2.3: one method per request).
 */
async function authenticateByAssertion(
  req: Request,
  parameters: Record<string, string>,
  registry: ClientRegistry,
  issuer: string,
): Promise<AuthenticatedClient> {
  const viaBasic = parseBasicAuthorization(req.headers.authorization) !== null;
  if (viaBasic || parameters.client_secret !== undefined) {
    throw new InvalidClient(
      'more than one client authentication method was used',
      {
        code: 'client_credentials_conflict',
        message: `The request carries a client_assertion and also a client secret (${viaBasic ? 'a Basic header' : 'client_secret in the body'}). A client uses one method per request (RFC 6749 §2.3).`,
      },
      { viaBasic },
    );
  }
  const clientId = parameters.client_id ?? unverifiedSubject(parameters.client_assertion);
  const client = clientId ? registry.findKnown(clientId) : undefined;
  if (!client) {
    throw new InvalidClient(
      'unknown client',
      {
        code: 'unknown_client',
        message: clientId
          ? `The client_assertion is for client "${clientId}", which is not registered here (a metadata-document client becomes known at its first authorization).`
          : 'The request carries a client_assertion but neither a client_id nor a readable sub in the assertion.',
      },
      { viaBasic: false },
    );
  }
  const endpoint = `${issuer}${req.path}`;
  const audiences = [...new Set([`${issuer}/oauth/token`, endpoint, issuer])];
  const failure = await registry.authenticateAssertion(client, parameters, audiences);
  if (failure) throw new InvalidClient(`client authentication failed: ${failure.message}`, failure, { viaBasic: false });
  registry.touch(client);
  return { clientId: client.id, client, method: 'private_key_jwt' };
}

function unverifiedSubject(assertion: string | undefined): string | undefined {
  try {
    const sub = assertion ? decodeJwt(assertion).sub : undefined;
    return typeof sub === 'string' ? sub : undefined;
  } catch {
    return undefined;
  }
}

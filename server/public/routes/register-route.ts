import express, { type Router } from 'express';
import { clientAddress, clientOrigin } from '../../http/client-address';
import { protocolCors } from '../../http/cors';
import { clientMetadataSchema, metadataError, registrationAuthMethods, registrationKeysProblem } from '../../oauth/clients/client-metadata';
import { addNote, annotate } from '../../traffic/annotations';
import { bodyLimit, describeBodyParserError, isBodyParserError } from '../body-parsers';
import { type PublicContext, registrationsPerMinute } from '../public-context';

/** The endpoint, and the origin path of the 2025-03-26 fallback (MCP clients that found no metadata). */
const registerPaths = ['/oauth/register', '/register'];

type RegistrationError = 'invalid_redirect_uri' | 'invalid_client_metadata';

/**
 * RFC 7591 dynamic client registration, open as MCP clients expect (no initial access token). Public clients
 * (token_endpoint_auth_method "none") get no secret; confidential ones a secret that never expires on its own
 * (client_secret_expires_at 0): ChatGPT registers once per connection and keeps the client.
 */
export function mountRegisterRoute(router: Router, context: PublicContext): void {
  const refuse = (res: express.Response, error: RegistrationError, description: string, note: string) => {
    addNote(res, 'error', error, note);
    res.setHeader('Cache-Control', 'no-store');
    res.status(400).json({ error, error_description: description });
  };

  router.options(registerPaths, protocolCors);
  router.post(
    registerPaths,
    protocolCors,
    (req, res, next) => {
      annotate(res, { kind: 'registration' });
      // A loopback caller that names no client behind it is this machine (tests, the conformance runner, scripts): the
      // registry's capacity still bounds it, but it is not rate limited as a stranger would be.
      const { address, known } = clientOrigin(req);
      const retryAfter = known ? context.registrationLimit.take(address) : 0;
      if (retryAfter === 0) return next();
      addNote(
        res,
        'warn',
        'registration_throttled',
        `Registration refused: more than ${registrationsPerMinute} registrations a minute from ${address}. A host registers once per connection; this many looks like a flood, so the registry is protected (retry in ${retryAfter} s).`,
      );
      res.setHeader('Retry-After', String(retryAfter));
      res.setHeader('Cache-Control', 'no-store');
      res.status(429).json({
        error: 'temporarily_unavailable',
        error_description: `too many registrations from this address; retry after ${retryAfter} seconds`,
      });
    },
    express.json({ limit: bodyLimit, type: ['application/json', 'application/*+json'] }),
    async (req, res) => {
      if (!req.is(['application/json', 'application/*+json'])) {
        return refuse(
          res,
          'invalid_client_metadata',
          'send the client metadata as application/json',
          `The registration request's Content-Type is ${req.headers['content-type'] ?? 'missing'}; RFC 7591 registration takes a JSON object.`,
        );
      }
      const parsed = clientMetadataSchema.safeParse(req.body);
      if (!parsed.success) {
        const { error, description } = metadataError(parsed.error);
        return refuse(
          res,
          error,
          description,
          `Registration refused: ${description}. MCP requires redirect URIs that are https or loopback (127.0.0.1, [::1], localhost).`,
        );
      }
      const metadata = parsed.data;
      const method = metadata.token_endpoint_auth_method ?? 'client_secret_basic';
      if (!(registrationAuthMethods as readonly string[]).includes(method)) {
        return refuse(
          res,
          'invalid_client_metadata',
          `token_endpoint_auth_method "${method}" is not supported; use ${registrationAuthMethods.join(', ')}`,
          `The client asked for token_endpoint_auth_method "${method}"; Handshake supports ${registrationAuthMethods.join(', ')}.`,
        );
      }
      const keysProblem = registrationKeysProblem(metadata, method);
      if (keysProblem) return refuse(res, 'invalid_client_metadata', keysProblem, `Registration refused: ${keysProblem}.`);
      const unsupportedGrant = (metadata.grant_types ?? []).find((grant) => grant !== 'authorization_code' && grant !== 'refresh_token');
      if (unsupportedGrant) {
        return refuse(
          res,
          'invalid_client_metadata',
          `grant_type "${unsupportedGrant}" is not supported`,
          `The client registered grant_types including "${unsupportedGrant}"; Handshake offers authorization_code and refresh_token.`,
        );
      }
      const { record, secret } = await context.clients.register(metadata, 'dcr');
      annotate(res, { clientId: record.id, flowId: context.connectFlows.forRegistration(clientAddress(req), record.id) });
      addNote(
        res,
        'info',
        'client_registered',
        `Registered "${record.name}" as ${record.id} (${record.tokenEndpointAuthMethod === 'none' ? 'public, PKCE' : record.tokenEndpointAuthMethod}), redirect URIs: ${record.redirectUris.join(', ')}.`,
      );
      res.setHeader('Cache-Control', 'no-store');
      res.status(201).json({
        ...record.metadata,
        client_id: record.id,
        client_id_issued_at: Math.floor(Date.parse(record.createdAt) / 1000),
        ...(secret === null ? {} : { client_secret: secret, client_secret_expires_at: 0 }),
        client_name: record.name,
        redirect_uris: record.redirectUris,
        token_endpoint_auth_method: record.tokenEndpointAuthMethod,
        grant_types: record.grantTypes,
        response_types: metadata.response_types ?? ['code'],
      });
    },
  );
  router.use(registerPaths, (error: unknown, _req: express.Request, res: express.Response, next: express.NextFunction) => {
    if (!isBodyParserError(error)) return next(error);
    refuse(
      res,
      'invalid_client_metadata',
      describeBodyParserError(error),
      `The registration body was refused: ${describeBodyParserError(error)}.`,
    );
  });
}

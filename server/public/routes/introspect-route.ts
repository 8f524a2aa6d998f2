import type { Request, Response, Router } from 'express';
import { isLocalCaller } from '../../http/client-address';
import { protocolCors, protocolCorsForBrowsers } from '../../http/cors';
import { authenticateClient } from '../../oauth/client-authentication';
import { bodyParameters, required } from '../../oauth/request-parameters';
import { addNote, annotate } from '../../traffic/annotations';
import { parseJsonOrForm } from '../body-parsers';
import type { PublicContext } from '../public-context';
import { oauthBodyErrors, oauthEndpoint, requireFormOrJson, trafficKind } from './oauth-endpoint';
import { lookupToken } from './token-lookup';

/**
 * RFC 7662 token introspection, so a developer's own API can check tokens against Handshake. A resource server on
 * this machine (a loopback caller that did not come through the tunnel) may introspect without credentials, as the
 * official MCP SDK examples do; anyone else authenticates as a client and learns only about its own tokens (the
 * classic client, the developer's, about every token).
 */
export function mountIntrospectRoute(router: Router, context: PublicContext): void {
  async function inspector(req: Request, parameters: Record<string, string>, res: Response): Promise<(owner: string) => boolean> {
    const credentialsSent =
      req.headers.authorization !== undefined ||
      parameters.client_id !== undefined ||
      parameters.client_secret !== undefined ||
      parameters.client_assertion !== undefined;
    if (!credentialsSent && isLocalCaller(req)) {
      addNote(
        res,
        'info',
        'introspection_local',
        'Introspected without client credentials by a caller on this machine (not through the tunnel), as the MCP SDK examples do. Through the tunnel the same request gets invalid_client.',
      );
      return () => true;
    }
    const { clientId, client } = await authenticateClient(req, parameters, context.clients, context.baseUrl(req));
    annotate(res, { clientId });
    // The classic client's credentials are the developer's: their API (a resource server) may check any token with them.
    return (owner: string) => client.kind === 'classic' || owner === clientId;
  }

  router.options('/oauth/introspect', protocolCors);
  router.post(
    '/oauth/introspect',
    protocolCorsForBrowsers,
    trafficKind('introspect'),
    parseJsonOrForm,
    oauthEndpoint(async (req, res) => {
      requireFormOrJson(req);
      const parameters = bodyParameters(req);
      const mayInspect = await inspector(req, parameters, res);
      const found = lookupToken(context.store, required(parameters, 'token'), parameters.token_type_hint);
      res.setHeader('Cache-Control', 'no-store');
      if (!found || !found.active || !mayInspect(found.grant.clientId)) {
        res.json({ active: false });
        return;
      }
      const { grant } = found;
      const user = context.store.users.byId(grant.userId)!;
      annotate(res, { flowId: grant.flowId, userId: user.id, userEmail: user.email });
      // token_type only for access tokens, as the token endpoint names it: RFC 7662 means the registered type, and a refresh token has none.
      res.json({
        active: true,
        iss: context.baseUrl(req),
        aud: grant.resources.length === 0 ? context.baseUrl(req) : grant.resources.length === 1 ? grant.resources[0] : grant.resources,
        client_id: grant.clientId,
        ...(grant.scope ? { scope: grant.scope } : {}),
        sub: user.id,
        username: user.email,
        name: user.name,
        ...(found.type === 'access_token' ? { token_type: 'Bearer' } : {}),
        exp: Math.floor(Date.parse(found.expiresAt) / 1000),
        iat: Math.floor(Date.parse(grant.refreshedAt ?? grant.createdAt) / 1000),
      });
    }),
  );
  router.use('/oauth/introspect', oauthBodyErrors);
}

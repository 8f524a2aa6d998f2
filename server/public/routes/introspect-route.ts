import type { Router } from 'express';
import { protocolCors, protocolCorsForBrowsers } from '../../http/cors';
import { authenticateClient } from '../../oauth/client-authentication';
import { bodyParameters, required } from '../../oauth/request-parameters';
import { annotate } from '../../traffic/annotations';
import { parseJsonOrForm } from '../body-parsers';
import type { PublicContext } from '../public-context';
import { oauthBodyErrors, oauthEndpoint, requireFormOrJson, trafficKind } from './oauth-endpoint';
import { lookupToken } from './token-lookup';

/** RFC 7662 token introspection, so a developer's own API can check tokens against Handshake. */
export function mountIntrospectRoute(router: Router, context: PublicContext): void {
  router.options('/oauth/introspect', protocolCors);
  router.post(
    '/oauth/introspect',
    protocolCorsForBrowsers,
    trafficKind('introspect'),
    parseJsonOrForm,
    oauthEndpoint(async (req, res) => {
      requireFormOrJson(req);
      const parameters = bodyParameters(req);
      const { clientId, client } = await authenticateClient(req, parameters, context.clients, context.baseUrl(req));
      annotate(res, { clientId });
      // The classic client's credentials are the developer's: their API (a resource server) may check any token with them.
      const mayInspect = (owner: string) => client.kind === 'classic' || owner === clientId;
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
        ...(grant.resources.length ? { aud: grant.resources.length === 1 ? grant.resources[0] : grant.resources } : {}),
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

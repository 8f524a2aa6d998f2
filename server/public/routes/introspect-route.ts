import type { Router } from 'express';
import { authenticateClient } from '../../oauth/client-authentication';
import { bodyParameters, required } from '../../oauth/request-parameters';
import { annotate } from '../../traffic/annotations';
import { parseJsonOrForm } from '../body-parsers';
import type { PublicContext } from '../public-context';
import { oauthBodyErrors, oauthEndpoint, requireFormOrJson, trafficKind } from './oauth-endpoint';
import { lookupToken } from './token-lookup';

/** RFC 7662 token introspection, so a developer's own API can check tokens against Handshake. */
export function mountIntrospectRoute(router: Router, context: PublicContext): void {
  router.post(
    '/oauth/introspect',
    trafficKind('introspect'),
    parseJsonOrForm,
    oauthEndpoint((req, res) => {
      requireFormOrJson(req);
      const parameters = bodyParameters(req);
      const { clientId } = authenticateClient(req, parameters, context.store.client);
      annotate(res, { clientId });
      const found = lookupToken(context.store, required(parameters, 'token'), parameters.token_type_hint);
      res.setHeader('Cache-Control', 'no-store');
      if (!found || !found.active || found.grant.clientId !== clientId) {
        res.json({ active: false });
        return;
      }
      const { grant } = found;
      const user = context.store.users.byId(grant.userId)!;
      annotate(res, { flowId: grant.flowId, userId: user.id, userEmail: user.email });
      const expiresAt = found.type === 'access_token' ? grant.accessTokenExpiresAt : grant.refreshTokenExpiresAt;
      res.json({
        active: true,
        scope: grant.scope,
        client_id: grant.clientId,
        username: user.email,
        name: user.name,
        sub: user.id,
        token_type: found.type === 'access_token' ? 'Bearer' : 'refresh_token',
        exp: Math.floor(Date.parse(expiresAt) / 1000),
        iat: Math.floor(Date.parse(grant.refreshedAt ?? grant.createdAt) / 1000),
      });
    }),
  );
  router.use('/oauth/introspect', oauthBodyErrors);
}

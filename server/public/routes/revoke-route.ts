import type { Router } from 'express';
import { protocolCors, protocolCorsForBrowsers } from '../../http/cors';
import { authenticateClient } from '../../oauth/client-authentication';
import { bodyParameters, required } from '../../oauth/request-parameters';
import { addNote, annotate } from '../../traffic/annotations';
import { parseJsonOrForm } from '../body-parsers';
import type { PublicContext } from '../public-context';
import { oauthBodyErrors, oauthEndpoint, requireFormOrJson, trafficKind } from './oauth-endpoint';
import { lookupToken } from './token-lookup';

/** RFC 7009: revoking either token ends the whole grant. Unknown tokens still get 200, as the RFC asks. */
export function mountRevokeRoute(router: Router, context: PublicContext): void {
  router.options('/oauth/revoke', protocolCors);
  router.post(
    '/oauth/revoke',
    protocolCorsForBrowsers,
    trafficKind('revoke'),
    parseJsonOrForm,
    oauthEndpoint(async (req, res) => {
      requireFormOrJson(req);
      const parameters = bodyParameters(req);
      const { clientId } = await authenticateClient(req, parameters, context.clients, context.baseUrl(req));
      annotate(res, { clientId });
      const found = lookupToken(context.store, required(parameters, 'token'), parameters.token_type_hint);
      if (found && found.grant.clientId === clientId) {
        annotate(res, { flowId: found.grant.flowId, userId: found.grant.userId });
        context.store.grants.revoke(found.grant, 'revoked_by_client');
        await context.store.save({ grants: [found.grant] });
        addNote(res, 'info', 'grant_revoked', `The ${found.type.replace('_', ' ')} was revoked, with the rest of its grant.`);
      } else {
        addNote(
          res,
          'info',
          'revoke_unknown_token',
          'The token is unknown (or belongs to another client); answered 200 as RFC 7009 requires.',
        );
      }
      res.setHeader('Cache-Control', 'no-store');
      res.status(200).json({});
    }),
  );
  router.use('/oauth/revoke', oauthBodyErrors);
}

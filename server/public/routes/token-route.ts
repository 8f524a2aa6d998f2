import type { Response, Router } from 'express';
import { protocolCors, protocolCorsForBrowsers } from '../../http/cors';
import { authenticateClient } from '../../oauth/client-authentication';
import { grantTable } from '../../oauth/grants/grant-table';
import { InvalidRequest, UnsupportedGrantType } from '../../oauth/oauth-error';
import { bodyParameters } from '../../oauth/request-parameters';
import { annotate } from '../../traffic/annotations';
import { applyFault } from '../apply-fault';
import { parseJsonOrForm } from '../body-parsers';
import type { PublicContext } from '../public-context';
import { oauthBodyErrors, oauthEndpoint, requireFormOrJson, trafficKind } from './oauth-endpoint';

/**
 * A refused client still belongs to an install: tie the entry to the flow of the code or refresh token it
 * carried, so the flow view shows where the install broke. Looked up only on failure, off the hot path.
 */
async function withFlowOnFailure<T>(
  context: PublicContext,
  parameters: Record<string, string>,
  res: Response,
  authenticate: () => Promise<T>,
): Promise<T> {
  try {
    return await authenticate();
  } catch (error) {
    const flowId =
      (parameters.code && context.store.codes.find(parameters.code)?.flowId) ||
      (parameters.refresh_token && context.store.grants.byRefreshToken(parameters.refresh_token)?.grant.flowId);
    if (flowId) annotate(res, { flowId });
    throw error;
  }
}

/** The endpoint, and the origin path of the 2025-03-26 fallback (MCP clients that found no metadata). */
const tokenPaths = ['/oauth/token', '/token'];

/** The token endpoint (authorization_url in a classic manifest): every client of the registry posts here. */
export function mountTokenRoute(router: Router, context: PublicContext): void {
  router.options(tokenPaths, protocolCors);
  router.post(
    tokenPaths,
    protocolCorsForBrowsers,
    trafficKind('token'),
    parseJsonOrForm,
    oauthEndpoint(async (req, res) => {
      requireFormOrJson(req);
      if (await applyFault(context, 'token', res)) return;
      const parameters = bodyParameters(req);
      const { client } = await withFlowOnFailure(context, parameters, res, () =>
        authenticateClient(req, parameters, context.clients, context.baseUrl(req)),
      );
      annotate(res, { clientId: client.id });
      const grantType = parameters.grant_type;
      if (!grantType)
        throw new InvalidRequest('grant_type is required', { code: 'grant_type_missing', message: 'The token request has no grant_type.' });
      const grant = grantTable.get(grantType);
      if (!grant) throw new UnsupportedGrantType(grantType);
      if (grantType === 'refresh_token' && (await applyFault(context, 'refresh', res))) return;
      const body = await grant({
        parameters,
        client,
        store: context.store,
        issuer: context.baseUrl(req),
        keys: context.keys,
        clock: () => context.faults.auth.mintingTime(res),
        res,
      });
      context.faults.auth.announceRotation(res, 'token');
      res.setHeader('Cache-Control', 'no-store');
      res.setHeader('Pragma', 'no-cache');
      res.json(body);
    }),
  );
  router.use(tokenPaths, oauthBodyErrors);
}

import type { Router } from 'express';
import { protocolCors } from '../../http/cors';
import { authorizationServerMetadata, openIdConfiguration } from '../../oauth/authorization-server-metadata';
import { tokenShapes } from '../../oauth/tokens/providers';
import { annotate } from '../../traffic/annotations';
import type { PublicContext } from '../public-context';
import { sendJwks } from './jwks-response';

/**
 * Discovery and keys where the provider of Settings' "Mint tokens like" serves them (Okta's /oauth2/default, Keycloak's
 * /realms/<realm>, Cognito's pool, Entra's tenant …), naming that provider's issuer, so a verifier configured for the
 * provider finds everything at the same places. Handshake's own documents at the root keep its standard issuer: MCP
 * clients compare that one with the protected-resource metadata byte for byte.
 */
export function mountProviderDiscoveryRoute(router: Router, context: PublicContext): void {
  router.use((req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'OPTIONS') return next();
    const settings = context.store.settings.get();
    if (settings.tokenShape === 'handshake') return next();
    const shape = tokenShapes[settings.tokenShape];
    const paths = shape.paths();
    const path = req.path.replace(/\/+$/, '');
    const document = path === paths.openIdConfiguration ? 'openid' : paths.authorizationServerMetadata.includes(path) ? 'oauth' : null;
    if (path !== paths.jwks && !document) return next();
    const base = context.baseUrl(req);
    protocolCors(req, res, (error?: unknown) => {
      if (error) return next(error);
      if (path === paths.jwks) return void sendJwks(context, res).catch(next);
      annotate(res, { kind: 'discovery' });
      const standard =
        document === 'openid'
          ? openIdConfiguration(base, settings, context.keys.currentAlgorithm)
          : authorizationServerMetadata(base, settings);
      res.setHeader('Cache-Control', 'no-cache');
      res.json({ ...standard, issuer: shape.issuer(base), jwks_uri: `${base}${paths.jwks}` });
    });
  });
}

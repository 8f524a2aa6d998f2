import type { Router } from 'express';
import { clientAddress } from '../../http/client-address';
import { protocolCors } from '../../http/cors';
import {
  authorizationServerMetadata,
  authorizationServerMetadataPath,
  jwksPath,
  openIdConfiguration,
  openIdConfigurationPath,
} from '../../oauth/authorization-server-metadata';
import { jwksMaxAgeSeconds } from '../../oauth/keys/key-store';
import { protectedResourceMetadata, protectedResourceMetadataPaths } from '../../oauth/protected-resource-metadata';
import { annotate } from '../../traffic/annotations';
import type { PublicContext } from '../public-context';

/** RFC 8414 and RFC 9728 discovery; public, outside every bearer check, with CORS for browser-based MCP clients. */
export function mountMetadataRoute(router: Router, context: PublicContext): void {
  router.options(authorizationServerMetadataPath, protocolCors);
  router.get(authorizationServerMetadataPath, protocolCors, (req, res) => {
    annotate(res, { kind: 'discovery', flowId: context.connectFlows.forDiscovery(clientAddress(req)) });
    res.setHeader('Cache-Control', 'no-cache');
    res.json(authorizationServerMetadata(context.baseUrl(req), context.store.settings.get()));
  });
  router.options(openIdConfigurationPath, protocolCors);
  router.get(openIdConfigurationPath, protocolCors, (req, res) => {
    annotate(res, { kind: 'discovery', flowId: context.connectFlows.forDiscovery(clientAddress(req)) });
    res.setHeader('Cache-Control', 'no-cache');
    res.json(openIdConfiguration(context.baseUrl(req), context.store.settings.get(), context.keys.currentAlgorithm));
  });
  router.options(jwksPath, protocolCors);
  router.get(jwksPath, protocolCors, (_req, res) => {
    annotate(res, { kind: 'discovery' });
    res.setHeader('Cache-Control', `public, max-age=${jwksMaxAgeSeconds}`);
    res.type('application/jwk-set+json').send(JSON.stringify(context.keys.jwks()));
  });
  router.options(protectedResourceMetadataPaths, protocolCors);
  router.get(protectedResourceMetadataPaths, protocolCors, (req, res) => {
    annotate(res, { kind: 'discovery', flowId: context.connectFlows.forDiscovery(clientAddress(req)) });
    res.setHeader('Cache-Control', 'no-cache');
    res.json(protectedResourceMetadata(context.baseUrl(req), context.store.settings.get()));
  });
}

import type { Router } from 'express';
import { protocolCors } from '../../http/cors';
import { authorizationServerMetadata, authorizationServerMetadataPath } from '../../oauth/authorization-server-metadata';
import { annotate } from '../../traffic/annotations';
import type { PublicContext } from '../public-context';

/** RFC 8414 discovery; public, outside every bearer check, with CORS for browser-based MCP clients. */
export function mountMetadataRoute(router: Router, context: PublicContext): void {
  router.options(authorizationServerMetadataPath, protocolCors);
  router.get(authorizationServerMetadataPath, protocolCors, (req, res) => {
    annotate(res, { kind: 'discovery' });
    res.setHeader('Cache-Control', 'no-cache');
    res.json(authorizationServerMetadata(context.baseUrl(req), context.store.settings.get()));
  });
}

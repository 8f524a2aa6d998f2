import type { TrafficKind } from './traffic-entry';

/** The kind of a request judged by its path alone, for requests no handler annotated. */
export function kindFromPath(method: string, path: string): TrafficKind {
  switch (path) {
    case '/.well-known/ai-plugin.json':
      return 'manifest';
    case '/openapi.yaml':
    case '/openapi.json':
      return 'openapi';
    case '/.well-known/oauth-authorization-server':
    case '/.well-known/oauth-protected-resource':
    case '/.well-known/oauth-protected-resource/mcp':
    case '/.well-known/openid-configuration':
      return 'discovery';
    case '/mcp':
      return 'mcp';
    case '/oauth/register':
    case '/register':
      return 'registration';
    case '/oauth/authorize':
    case '/authorize':
      return method === 'POST' ? 'login' : 'authorize';
    case '/oauth/token':
    case '/token':
      return 'token';
    case '/oauth/introspect':
      return 'introspect';
    case '/oauth/revoke':
      return 'revoke';
    default:
      return 'other';
  }
}

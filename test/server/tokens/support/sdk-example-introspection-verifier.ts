import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';

/**
 * The token verifier of the official MCP TypeScript SDK's example server (`src/examples/server/simpleStreamableHttp.ts`,
 * `--oauth`), copied as it is: it POSTs the token to the introspection endpoint WITHOUT client credentials and maps
 * the answer to AuthInfo. The example wires it to its own demo authorization server; here the endpoint is Handshake's.
 */
export function sdkExampleIntrospectionVerifier(introspectionEndpoint: string, mcpServerUrl: URL) {
  return {
    verifyAccessToken: async (token: string): Promise<AuthInfo> => {
      const endpoint = introspectionEndpoint;
      if (!endpoint) {
        throw new Error('No token verification endpoint available in metadata');
      }
      const response = await fetch(endpoint, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({
          token: token,
        }).toString(),
      });
      if (!response.ok) {
        const text = await response.text().catch(() => null);
        throw new Error(`Invalid or expired token: ${text}`);
      }
      const data = await response.json();
      // `aud` is one value, a list, or absent: report the entry on this server's origin, if any
      const audience = [data.aud ?? []].flat().find((aud: string) => URL.canParse(aud) && new URL(aud).origin === mcpServerUrl.origin);
      return {
        token,
        clientId: data.client_id,
        scopes: data.scope ? data.scope.split(' ') : [],
        expiresAt: data.exp,
        resource: audience ? new URL(audience) : undefined,
      };
    },
  };
}

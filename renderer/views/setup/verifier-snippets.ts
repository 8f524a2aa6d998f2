/** What a resource server needs to verify this Handshake's access tokens. */
export interface VerifierValues {
  /** `iss`, byte for byte: the public base URL (no trailing slash). */
  issuer: string;
  jwksUri: string;
  /** The same JWKS on the public listener's loopback address: for a server on this machine. */
  localJwksUri: string;
  /** `aud`: the MCP URL clients are given. */
  audience: string;
  /** On loopback: callers on this machine may introspect without client credentials. */
  localIntrospectionUri: string;
  /** The algorithm the current key signs with. */
  algorithm: string;
  typ: 'at+jwt' | 'JWT';
}

export type VerifierId = 'jose' | 'mcp-sdk' | 'fastmcp' | 'mcp-auth' | 'python-introspection';

export interface VerifierSnippet {
  id: VerifierId;
  label: string;
  /** Where the names come from, for the reader who wants to check. */
  note: string;
  code: string;
}

/** Copy-paste verifier settings for the libraries MCP servers use, filled in with this Handshake's values. */
export function verifierSnippets(v: VerifierValues): VerifierSnippet[] {
  const { issuer, jwksUri, localJwksUri, audience, algorithm } = v;
  const prm = `${issuer}/.well-known/oauth-protected-resource${new URL(audience).pathname}`;
  const local = localJwksUri === jwksUri ? '' : localJwksUri;
  return [
    {
      id: 'jose',
      label: 'jose',
      note: 'Node: jose’s createRemoteJWKSet fetches the JWKS (and refetches on an unknown kid); jwtVerify checks signature, exp/nbf, iss, aud and typ.',
      code: `import { createRemoteJWKSet, jwtVerify } from 'jose';

${local ? `// From this machine the local URL works too: ${local}\n` : ''}const jwks = createRemoteJWKSet(new URL('${jwksUri}'));

export async function verifyAccessToken(token: string) {
  const { payload } = await jwtVerify(token, jwks, {
    issuer: '${issuer}',
    audience: '${audience}',
    algorithms: ['${algorithm}'],
    typ: '${v.typ}',
  });
  return payload; // sub, client_id, scope; email and email_verified with the email scope
}
`,
    },
    {
      id: 'mcp-sdk',
      label: 'MCP TS SDK',
      note: 'requireBearerAuth from @modelcontextprotocol/sdk: your verifier returns AuthInfo; expectedResource refuses tokens for another server.',
      code: `import { InvalidTokenError } from '@modelcontextprotocol/sdk/server/auth/errors.js';
import { requireBearerAuth } from '@modelcontextprotocol/sdk/server/auth/middleware/bearerAuth.js';
import { createRemoteJWKSet, jwtVerify } from 'jose';

const resource = new URL('${audience}');
const jwks = createRemoteJWKSet(new URL('${jwksUri}'));

app.use(
  '/mcp',
  requireBearerAuth({
    verifier: {
      async verifyAccessToken(token) {
        try {
          const { payload } = await jwtVerify(token, jwks, { issuer: '${issuer}', audience: resource.href });
          return {
            token,
            clientId: String(payload.client_id),
            scopes: typeof payload.scope === 'string' ? payload.scope.split(' ').filter(Boolean) : [],
            expiresAt: payload.exp, // requireBearerAuth refuses a token without one
            resource,
            extra: { sub: payload.sub, email: payload.email },
          };
        } catch (error) {
          throw new InvalidTokenError((error as Error).message);
        }
      },
    },
    expectedResource: resource,
    resourceMetadataUrl: '${prm}',
  }),
);
`,
    },
    {
      id: 'fastmcp',
      label: 'FastMCP',
      note: 'Python: FastMCP’s JWTVerifier takes one algorithm (RS256 unless told) and caches the JWKS, refetching on a new kid.',
      code: `from fastmcp import FastMCP
from fastmcp.server.auth.providers.jwt import JWTVerifier

verifier = JWTVerifier(
    jwks_uri="${jwksUri}",${local ? `  # from this machine: ${local}` : ''}
    issuer="${issuer}",
    audience="${audience}",
    algorithm="${algorithm}",
)

mcp = FastMCP("My MCP server", auth=verifier)
`,
    },
    {
      id: 'mcp-auth',
      label: 'mcp-auth',
      note: 'Node: mcp-auth reads this Handshake’s OpenID Connect discovery; bearerAuth("jwt") verifies with jose against its jwks_uri.',
      code: `import { fetchServerConfig, MCPAuth } from 'mcp-auth';

const resource = '${audience}';
const mcpAuth = new MCPAuth({
  protectedResources: {
    metadata: {
      resource,
      authorizationServers: [await fetchServerConfig('${issuer}', { type: 'oidc' })],
    },
  },
});

app.use('/mcp', mcpAuth.bearerAuth('jwt', { resource, audience: resource }));
`,
    },
    {
      id: 'python-introspection',
      label: 'Python SDK (introspection)',
      note: 'The official Python SDK’s TokenVerifier, asking Handshake (RFC 7662) as the SDK’s simple-auth example does: from this machine, without client credentials. It also sees revocations.',
      code: `import httpx
from mcp.server.auth.provider import AccessToken, TokenVerifier
from mcp.server.auth.settings import AuthSettings
from mcp.server.fastmcp import FastMCP

INTROSPECTION = "${v.localIntrospectionUri}"  # loopback: no client credentials needed
RESOURCE = "${audience}"


class HandshakeIntrospection(TokenVerifier):
    async def verify_token(self, token: str) -> AccessToken | None:
        async with httpx.AsyncClient() as client:
            answer = await client.post(INTROSPECTION, data={"token": token})
        data = answer.json() if answer.status_code == 200 else {}
        audience = data.get("aud")
        if not data.get("active") or RESOURCE not in (audience if isinstance(audience, list) else [audience]):
            return None
        return AccessToken(
            token=token,
            client_id=data.get("client_id", ""),
            scopes=data.get("scope", "").split(),
            expires_at=data.get("exp"),
            resource=RESOURCE,
        )


mcp = FastMCP(
    "My MCP server",
    token_verifier=HandshakeIntrospection(),
    auth=AuthSettings(issuer_url="${issuer}", resource_server_url=RESOURCE),
)
`,
    },
  ];
}

/** A spec section or OpenAI page a step's verdict comes from. */
export interface CheckSource {
  title: string;
  url: string;
}

const source = (title: string, url: string): CheckSource => ({ title, url });
const mcpAuthorization = 'https://modelcontextprotocol.io/specification/2026-07-28/basic/authorization';

/** Where each rule the check applies is written down. */
export const sources = {
  pluginManifest: source(
    'OpenAI: ChatGPT plugins, plugin manifest',
    'https://platform.openai.com/docs/plugins/getting-started/plugin-manifest',
  ),
  pluginAuth: source('OpenAI: ChatGPT plugins, OAuth', 'https://platform.openai.com/docs/plugins/authentication/oauth'),
  pluginOpenApi: source(
    'OpenAI: ChatGPT plugins, OpenAPI definition',
    'https://platform.openai.com/docs/plugins/getting-started/openapi-definition',
  ),
  actionsAuth: source('OpenAI: GPT Actions, authentication', 'https://platform.openai.com/docs/actions/authentication'),
  productionPlugins: source(
    'OpenAI: ChatGPT plugins in production (timeouts, response size)',
    'https://platform.openai.com/docs/plugins/production',
  ),
  openAiMcpAuth: source('OpenAI: plugin authentication (MCP)', 'https://developers.openai.com/plugins/build/auth'),
  mcpAuthorization: source('MCP authorization (2026-07-28)', mcpAuthorization),
  mcpDiscovery: source('MCP authorization: authorization server discovery', `${mcpAuthorization}/authorization-server-discovery`),
  mcpRegistration: source('MCP authorization: client registration', `${mcpAuthorization}/client-registration`),
  mcpLifecycle: source('MCP: lifecycle (initialize)', 'https://modelcontextprotocol.io/specification/2026-07-28/basic/lifecycle'),
  mcpTools: source('MCP: tools', 'https://modelcontextprotocol.io/specification/2026-07-28/server/tools'),
  rfc6749Authorize: source('RFC 6749 §4.1.2: authorization response', 'https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2'),
  rfc6749Token: source('RFC 6749 §5.1: token response', 'https://www.rfc-editor.org/rfc/rfc6749#section-5.1'),
  rfc6749Refresh: source('RFC 6749 §6: refreshing an access token', 'https://www.rfc-editor.org/rfc/rfc6749#section-6'),
  rfc6750: source('RFC 6750 §3: the WWW-Authenticate challenge', 'https://www.rfc-editor.org/rfc/rfc6750#section-3'),
  rfc7523: source('RFC 7523 §2.2: JWT client authentication (private_key_jwt)', 'https://www.rfc-editor.org/rfc/rfc7523#section-2.2'),
  mcpHosts: source(
    'Handshake: what each MCP host sends (docs/mcp-hosts.md)',
    'https://github.com/handshake-dev/handshake/blob/main/docs/mcp-hosts.md',
  ),
  rfc7591: source('RFC 7591: dynamic client registration', 'https://www.rfc-editor.org/rfc/rfc7591#section-3.2'),
  rfc7636: source('RFC 7636: PKCE', 'https://www.rfc-editor.org/rfc/rfc7636#section-4'),
  rfc8414: source('RFC 8414 §3.3: issuer validation', 'https://www.rfc-editor.org/rfc/rfc8414#section-3.3'),
  rfc8707: source('RFC 8707: resource indicators', 'https://www.rfc-editor.org/rfc/rfc8707#section-2'),
  rfc9207: source('RFC 9207: iss in the authorization response', 'https://www.rfc-editor.org/rfc/rfc9207#section-2.4'),
  rfc9728: source('RFC 9728: protected resource metadata', 'https://www.rfc-editor.org/rfc/rfc9728#section-3'),
  mcpTokenHandling: source('MCP authorization: token handling (audience, validation)', `${mcpAuthorization}#token-handling`),
  mcpScopeChallenge: source(
    'MCP authorization: scope challenge handling (403 insufficient_scope)',
    `${mcpAuthorization}#scope-challenge-handling`,
  ),
  rfc6750Errors: source(
    'RFC 6750 §3.1: error codes (invalid_token 401, insufficient_scope 403)',
    'https://www.rfc-editor.org/rfc/rfc6750#section-3.1',
  ),
  rfc7519Exp: source('RFC 7519 §4.1.4: exp', 'https://www.rfc-editor.org/rfc/rfc7519#section-4.1.4'),
  rfc7519Nbf: source('RFC 7519 §4.1.5: nbf', 'https://www.rfc-editor.org/rfc/rfc7519#section-4.1.5'),
  rfc7662: source('RFC 7662: token introspection', 'https://www.rfc-editor.org/rfc/rfc7662#section-2.2'),
  rfc8707Audience: source('RFC 8707 §2: the token is restricted to the resource', 'https://www.rfc-editor.org/rfc/rfc8707#section-2'),
  rfc8725Algorithms: source('RFC 8725 §3.1: perform algorithm verification', 'https://www.rfc-editor.org/rfc/rfc8725#section-3.1'),
  rfc9068Validation: source('RFC 9068 §4: validating JWT access tokens', 'https://www.rfc-editor.org/rfc/rfc9068#section-4'),
  ngrokWarning: source('ngrok: the browser warning page of free domains', 'https://ngrok.com/docs/http/#free-plan-browser-warning'),
} as const;

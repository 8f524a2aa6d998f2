import { type HostProfile, specConnect } from './host-profile';

/** ChatGPT's document as served 2026-09-08 (mcp-hosts.md §2.1.1); the per-connection one differs in id and redirect. */
const stableDocument = {
  client_id: 'https://chatgpt.com/oauth/client.json',
  client_uri: 'https://chatgpt.com/',
  redirect_uris: ['https://chatgpt.com/connector_platform_oauth_redirect'],
  token_endpoint_auth_method: 'private_key_jwt',
  token_endpoint_auth_methods_supported: ['none', 'private_key_jwt'],
  grant_types: ['authorization_code', 'refresh_token'],
  response_types: ['code'],
  client_name: 'ChatGPT',
  logo_uri: 'https://persistent.oaistatic.com/sonic/misc/openai-logo.png',
  token_endpoint_auth_signing_alg: 'RS256',
  jwks_uri: 'https://chatgpt.com/oauth/jwks.json',
};

/** ChatGPT (Plugins → Add custom MCP server, developer-mode apps), mcp-hosts.md §2.1. Its OAuth client runs on OpenAI's servers. */
export const chatgpt: HostProfile = {
  id: 'chatgpt',
  name: 'ChatGPT',
  redirectUris: ['https://chatgpt.com/connector_platform_oauth_redirect', 'https://platform.openai.com/apps-manage/oauth'],
  redirectPatterns: [/^https:\/\/chatgpt\.com\/connector\/oauth\/[A-Za-z0-9_-]+$/],
  cimdUrls: [/^https:\/\/chatgpt\.com\/oauth\/client\.json$/, /^https:\/\/chatgpt\.com\/oauth\/(?!codex\/)[A-Za-z0-9_-]+\/client\.json$/],
  pinnedDocuments: [
    {
      url: /^https:\/\/chatgpt\.com\/oauth\/client\.json$/,
      copiedOn: '2026-09-08',
      document: stableDocument,
    },
    {
      url: /^https:\/\/chatgpt\.com\/oauth\/(?!codex\/)([A-Za-z0-9_-]+)\/client\.json$/,
      copiedOn: '2026-09-08',
      document: {
        ...stableDocument,
        client_id: 'https://chatgpt.com/oauth/{id}/client.json',
        redirect_uris: ['https://chatgpt.com/connector/oauth/{id}'],
      },
    },
  ],
  registration: ['cimd', 'dcr', 'preconfigured'],
  cimdNeedsNone: false,
  clientNames: /^ChatGPT$/,
  userAgents: /\bopenai-mcp\//i,
  usesFallbackPaths: false,
  connect: {
    ...specConnect,
    redirectUri: 'https://chatgpt.com/connector_platform_oauth_redirect',
    cimdClientId: 'https://chatgpt.com/oauth/client.json',
    dcrBody: {
      client_name: 'ChatGPT',
      redirect_uris: ['https://chatgpt.com/connector_platform_oauth_redirect'],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    },
    cimdTokenAuth: 'private_key_jwt',
    userAgent: 'openai-mcp/1.0.0',
    withoutIss: {
      redirectUri: 'https://chatgpt.com/connector/oauth/{id}',
      cimdClientId: 'https://chatgpt.com/oauth/{id}/client.json',
    },
    reconnectsWithoutScope: true,
    dcrAuthFromIntersection: true,
  },
  checkWording: {
    'chatgpt-checks': {
      title: 'ChatGPT’s checks on the metadata',
      text: 'ChatGPT stops unless S256 is advertised and the issuer is the exact string the resource named; with `iss` support it uses its stable callback.',
    },
    register: {
      text: 'ChatGPT prefers a Client ID Metadata Document when advertised, else registers by DCR, once per connection; its token auth method comes from the intersection of both lists.',
      inferred: true,
    },
    token: { text: 'ChatGPT’s server POSTs code, code_verifier, redirect_uri and resource, form-encoded.' },
    'tools-list': { text: 'ChatGPT lists the tools; none means “No actions available”.' },
    refresh: { text: 'ChatGPT refreshes with the rotating refresh token and resource, then uses the new access token.' },
  },
  setup: {
    steps: [
      'In ChatGPT, turn on developer mode (Settings → Apps → Advanced).',
      'Plugins → + → Add custom MCP server. Paste {url}; Authentication: OAuth.',
      'Leave client ID and secret empty: ChatGPT identifies itself with its metadata document (or registers).',
      'Press Connect, sign in on Handshake’s page and allow.',
    ],
    snippet: null,
    expect: [
      'Metadata fetched',
      'Client registered or identified (its document https://chatgpt.com/oauth/client.json)',
      'Signed in',
      'Code exchanged for tokens (private_key_jwt)',
      'MCP session started',
      'First tool call',
    ],
    needsPublicUrl: true,
  },
  source: 'mcp-hosts.md §2.1',
};

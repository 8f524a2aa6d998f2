import { type HostProfile, specConnect } from './host-profile';

/** Claude.ai, Claude Desktop, mobile and Cowork (Settings → Connectors), mcp-hosts.md §2.3. The OAuth client runs on Anthropic's servers. */
export const claude: HostProfile = {
  id: 'claude',
  name: 'Claude',
  redirectUris: ['https://claude.ai/api/mcp/auth_callback', 'https://claude.com/api/mcp/auth_callback'],
  redirectPatterns: [],
  cimdUrls: [/^https:\/\/claude\.ai\/oauth\/mcp-oauth-client-metadata$/],
  pinnedDocuments: [
    {
      url: /^https:\/\/claude\.ai\/oauth\/mcp-oauth-client-metadata$/,
      copiedOn: '2026-09-29',
      document: {
        client_id: 'https://claude.ai/oauth/mcp-oauth-client-metadata',
        client_name: 'Claude',
        client_uri: 'https://claude.ai',
        redirect_uris: ['https://claude.ai/api/mcp/auth_callback'],
        grant_types: ['authorization_code', 'refresh_token', 'urn:ietf:params:oauth:grant-type:jwt-bearer'],
        response_types: ['code'],
        token_endpoint_auth_method: 'none',
      },
    },
  ],
  registration: ['cimd', 'dcr', 'preconfigured'],
  cimdNeedsNone: true,
  clientNames: /^Claude$/,
  // Anthropic's servers send python-httpx's default User-Agent, as any Python client does: not a sign of Claude.
  userAgents: null,
  usesFallbackPaths: true,
  connect: {
    ...specConnect,
    redirectUri: 'https://claude.ai/api/mcp/auth_callback',
    cimdClientId: 'https://claude.ai/oauth/mcp-oauth-client-metadata',
    dcrBody: {
      client_name: 'Claude',
      redirect_uris: ['https://claude.ai/api/mcp/auth_callback'],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    },
    userAgent: 'python-httpx/0.28.1',
    appendsOfflineAccess: true,
  },
  checkWording: {},
  setup: {
    steps: [
      'In Claude (claude.ai or Claude Desktop): Settings → Connectors → Add custom connector.',
      'Name it and paste {url}. Leave Advanced settings (client ID and secret) empty.',
      'Press Connect, sign in on Handshake’s page and allow. Claude’s servers must reach the URL: use the tunnel.',
    ],
    snippet: null,
    expect: [
      'Metadata fetched',
      'Client registered or identified (its document https://claude.ai/oauth/mcp-oauth-client-metadata)',
      'Signed in',
      'Code exchanged for tokens',
      'MCP session started',
      'First tool call',
    ],
    needsPublicUrl: true,
  },
  source: 'mcp-hosts.md §2.3',
};

import { type HostProfile, specConnect } from './host-profile';

/** MCP Inspector v1 (the browser page's Auth tab) and v2 (web, CLI), mcp-hosts.md §2.7. */
export const inspector: HostProfile = {
  id: 'inspector',
  name: 'MCP Inspector',
  redirectUris: [
    'http://localhost:6274/oauth/callback',
    'http://localhost:6274/oauth/callback/debug',
    'http://127.0.0.1:6276/oauth/callback',
  ],
  redirectPatterns: [],
  cimdUrls: [],
  pinnedDocuments: [],
  registration: ['preconfigured', 'dcr'],
  cimdNeedsNone: false,
  clientNames: /^MCP Inspector\b/,
  userAgents: null,
  usesFallbackPaths: true,
  connect: {
    ...specConnect,
    redirectUri: 'http://localhost:6274/oauth/callback',
    cimdClientId: null,
    dcrBody: {
      redirect_uris: ['http://localhost:6274/oauth/callback', 'http://localhost:6274/oauth/callback/debug'],
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      client_name: 'MCP Inspector',
      client_uri: 'https://github.com/modelcontextprotocol/inspector',
    },
    userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36',
    appendsOfflineAccess: true,
    browserOrigin: 'http://localhost:6274',
  },
  checkWording: {},
  setup: {
    steps: [
      'Run the Inspector: npx @modelcontextprotocol/inspector',
      'In the page: Transport Type “Streamable HTTP”, URL {url}, then Open Auth Settings → Quick OAuth Flow (or Connect).',
      'Sign in on Handshake’s page and allow; the Inspector lists your tools.',
    ],
    snippet: { label: 'Terminal', text: 'npx @modelcontextprotocol/inspector' },
    expect: [
      'Metadata fetched (from the browser page: CORS preflights first)',
      'Client registered or identified (dynamic registration)',
      'Signed in',
      'Code exchanged for tokens',
      'MCP session started',
      'First tool call',
    ],
    needsPublicUrl: false,
  },
  source: 'mcp-hosts.md §2.7',
};

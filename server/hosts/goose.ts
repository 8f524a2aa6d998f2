import { type HostProfile, specConnect } from './host-profile';

/** Goose (desktop and CLI, on rmcp), mcp-hosts.md §2.8. */
export const goose: HostProfile = {
  id: 'goose',
  name: 'Goose',
  redirectUris: ['http://127.0.0.1/oauth_callback', 'http://[::1]/oauth_callback'],
  redirectPatterns: [],
  cimdUrls: [/^https:\/\/goose-docs\.ai\/oauth\/client-metadata\.json$/],
  pinnedDocuments: [
    {
      url: /^https:\/\/goose-docs\.ai\/oauth\/client-metadata\.json$/,
      copiedOn: '2026-04-30',
      document: {
        client_id: 'https://goose-docs.ai/oauth/client-metadata.json',
        client_name: 'Goose',
        redirect_uris: ['http://127.0.0.1/oauth_callback', 'http://[::1]/oauth_callback'],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'none',
      },
    },
  ],
  registration: ['cimd', 'dcr'],
  cimdNeedsNone: false,
  clientNames: /^goose\b/i,
  userAgents: /\bgoose\b/i,
  usesFallbackPaths: true,
  connect: {
    ...specConnect,
    redirectUri: 'http://127.0.0.1:49152/oauth_callback',
    cimdClientId: 'https://goose-docs.ai/oauth/client-metadata.json',
    dcrBody: {
      client_name: 'Goose',
      redirect_uris: ['http://127.0.0.1:49152/oauth_callback'],
      grant_types: ['authorization_code', 'refresh_token'],
      token_endpoint_auth_method: 'none',
      response_types: ['code'],
    },
    userAgent: 'goose/1.45.0',
    appendsOfflineAccess: true,
  },
  checkWording: {},
  setup: {
    steps: [
      'In Goose: Extensions → Add custom extension, type “Streamable HTTP”, endpoint {url}.',
      'Goose opens Handshake’s sign-in page; sign in and allow.',
    ],
    snippet: null,
    expect: [
      'Metadata fetched',
      'Client registered or identified',
      'Signed in',
      'Code exchanged for tokens',
      'MCP session started',
      'First tool call',
    ],
    needsPublicUrl: false,
  },
  source: 'mcp-hosts.md §2.8',
};

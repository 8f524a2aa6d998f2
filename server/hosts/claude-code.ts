import { type HostProfile, specConnect } from './host-profile';

/** Claude Code (`claude mcp add --transport http`), mcp-hosts.md §2.4. The OAuth client runs on the user's machine. */
export const claudeCode: HostProfile = {
  id: 'claude-code',
  name: 'Claude Code',
  redirectUris: ['http://localhost/callback'],
  redirectPatterns: [],
  cimdUrls: [/^https:\/\/claude\.ai\/oauth\/claude-code-client-metadata$/],
  pinnedDocuments: [
    {
      url: /^https:\/\/claude\.ai\/oauth\/claude-code-client-metadata$/,
      copiedOn: '2026-08-20',
      document: {
        client_id: 'https://claude.ai/oauth/claude-code-client-metadata',
        client_name: 'Claude Code',
        redirect_uris: ['http://localhost/callback', 'http://127.0.0.1/callback'],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'none',
      },
    },
  ],
  registration: ['preconfigured', 'cimd', 'dcr'],
  cimdNeedsNone: false,
  clientNames: /^Claude Code\b/,
  userAgents: /\bclaude-code\//i,
  usesFallbackPaths: false,
  connect: {
    ...specConnect,
    redirectUri: 'http://localhost:3118/callback',
    cimdClientId: 'https://claude.ai/oauth/claude-code-client-metadata',
    dcrBody: {
      client_name: 'Claude Code (handshake)',
      redirect_uris: ['http://localhost:3118/callback'],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
      application_type: 'native',
    },
    userAgent: 'claude-code/2.1.233',
    resourceTrailingSlash: true,
  },
  checkWording: {},
  setup: {
    steps: [
      'Add the server: claude mcp add --transport http {name} {url}',
      'In Claude Code, run /mcp, pick {name} and choose Authenticate. Sign in on Handshake’s page and allow.',
    ],
    snippet: { label: 'Terminal', text: 'claude mcp add --transport http {name} {url}' },
    expect: [
      'Metadata fetched',
      'Client registered or identified (its document https://claude.ai/oauth/claude-code-client-metadata)',
      'Signed in',
      'Code exchanged for tokens',
      'MCP session started',
      'First tool call',
    ],
    needsPublicUrl: false,
  },
  source: 'mcp-hosts.md §2.4',
};

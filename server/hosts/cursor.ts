import { type HostProfile, specConnect } from './host-profile';

/** Cursor (desktop, web Agents, Grok Bot), mcp-hosts.md §2.5. */
export const cursor: HostProfile = {
  id: 'cursor',
  name: 'Cursor',
  redirectUris: [
    'http://localhost:8787/callback',
    'http://127.0.0.1:8787/callback',
    'https://www.cursor.com/agents/mcp/oauth/callback',
    'https://www.cursor.com/bot/mcp/oauth/callback',
    'cursor://anysphere.cursor-mcp/oauth/callback',
    'cursor://anysphere.cursor-mcp/oauth/return',
  ],
  redirectPatterns: [],
  cimdUrls: [/^https:\/\/cursor\.com\/oauth\/mcp-client\.json$/],
  pinnedDocuments: [
    {
      url: /^https:\/\/cursor\.com\/oauth\/mcp-client\.json$/,
      copiedOn: '2026-10-09',
      document: {
        client_id: 'https://cursor.com/oauth/mcp-client.json',
        client_name: 'Cursor',
        redirect_uris: [
          'https://www.cursor.com/agents/mcp/oauth/callback',
          'https://www.cursor.com/bot/mcp/oauth/callback',
          'https://grok.com/connectors-oauth-exchange-code/',
          'http://localhost:8787/callback',
          'http://127.0.0.1:8787/callback',
        ],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'none',
      },
    },
  ],
  registration: ['preconfigured', 'cimd', 'dcr'],
  cimdNeedsNone: false,
  clientNames: /^Cursor$/,
  userAgents: /\bCursor\/\d/,
  usesFallbackPaths: false,
  connect: {
    ...specConnect,
    redirectUri: 'http://localhost:8787/callback',
    cimdClientId: 'https://cursor.com/oauth/mcp-client.json',
    // Grok Bot's registration as Cursor staff describe it: the legacy scheme, the Agents callback and the loopback one.
    dcrBody: {
      redirect_uris: [
        'cursor://anysphere.cursor-mcp/oauth/callback',
        'https://www.cursor.com/agents/mcp/oauth/callback',
        'http://localhost:8787/callback',
      ],
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      client_name: 'Cursor',
    },
    userAgent: 'Cursor/3.24.9',
    scopeFrom: 'all-prm',
  },
  checkWording: {},
  setup: {
    steps: [
      'Add the server to ~/.cursor/mcp.json (or .cursor/mcp.json in the project), as below.',
      'Cursor registers at once; in Settings → MCP press Connect (or Needs login), sign in on Handshake’s page and allow.',
    ],
    snippet: { label: 'mcp.json', text: '{\n  "mcpServers": {\n    "{name}": { "url": "{url}" }\n  }\n}' },
    expect: [
      'Metadata fetched',
      'Client registered or identified (Cursor registers before you press Connect)',
      'Signed in',
      'Code exchanged for tokens',
      'MCP session started',
      'First tool call',
    ],
    needsPublicUrl: false,
  },
  source: 'mcp-hosts.md §2.5',
};

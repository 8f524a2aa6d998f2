import { type HostProfile, specConnect } from './host-profile';

/** OpenAI Codex (CLI, IDE extension, desktop app), built on rmcp, mcp-hosts.md §2.2. The OAuth client runs on the user's machine. */
export const codex: HostProfile = {
  id: 'codex',
  name: 'Codex',
  redirectUris: ['http://127.0.0.1/callback'],
  redirectPatterns: [/^http:\/\/127\.0\.0\.1(:\d+)?\/callback\/[A-Za-z0-9_-]{12}$/],
  cimdUrls: [/^https:\/\/chatgpt\.com\/oauth\/codex\/(?:[A-Za-z0-9_-]+\/)?client\.json$/],
  pinnedDocuments: [
    {
      url: /^https:\/\/chatgpt\.com\/oauth\/codex\/client\.json$/,
      copiedOn: '2026-09-08',
      document: {
        client_id: 'https://chatgpt.com/oauth/codex/client.json',
        client_name: 'Codex',
        redirect_uris: ['http://127.0.0.1/callback', 'http://localhost/callback'],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'none',
      },
    },
    {
      url: /^https:\/\/chatgpt\.com\/oauth\/codex\/([A-Za-z0-9_-]+)\/client\.json$/,
      copiedOn: '2026-09-08',
      document: {
        client_id: 'https://chatgpt.com/oauth/codex/{id}/client.json',
        client_name: 'Codex',
        redirect_uris: ['http://127.0.0.1/callback/{id}'],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'none',
      },
    },
  ],
  registration: ['preconfigured', 'cimd', 'dcr'],
  cimdNeedsNone: true,
  clientNames: /^Codex$/,
  userAgents: /\b(codex|rmcp)\b/i,
  usesFallbackPaths: true,
  connect: {
    ...specConnect,
    redirectUri: 'http://127.0.0.1:1455/callback',
    cimdClientId: 'https://chatgpt.com/oauth/codex/client.json',
    dcrBody: {
      client_name: 'Codex',
      redirect_uris: ['http://127.0.0.1:1455/callback/Xq3vT0b9LmZa'],
      grant_types: ['authorization_code', 'refresh_token'],
      token_endpoint_auth_method: 'none',
      response_types: ['code'],
      application_type: 'native',
    },
    userAgent: 'codex_cli_rs/0.154.0',
    // Codex 0.148 (rmcp 3.0.0) refreshed without resource (openai/codex#33403): play that build.
    resourceOnRefresh: false,
    appendsOfflineAccess: true,
  },
  checkWording: {},
  setup: {
    steps: [
      'Add the server: codex mcp add {name} --url {url} (or the lines below in ~/.codex/config.toml).',
      'Sign in: codex mcp login {name}. A browser opens Handshake’s sign-in page; sign in and allow.',
      'Start Codex and ask for one of your tools.',
    ],
    snippet: { label: '~/.codex/config.toml', text: '[mcp_servers.{name}]\nurl = "{url}"' },
    expect: [
      'Metadata fetched',
      'Client registered or identified (its document https://chatgpt.com/oauth/codex/client.json)',
      'Signed in',
      'Code exchanged for tokens',
      'MCP session started',
      'First tool call',
    ],
    needsPublicUrl: false,
  },
  source: 'mcp-hosts.md §2.2',
};

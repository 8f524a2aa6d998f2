import { type HostProfile, specConnect } from './host-profile';

/** VS Code's document (mcp-hosts.md §2.6); the Insiders one differs in id, name and web redirect. */
const stableDocument = {
  client_id: 'https://vscode.dev/oauth/client-metadata.json',
  client_name: 'Visual Studio Code',
  client_uri: 'https://vscode.dev/product',
  application_type: 'native',
  grant_types: ['authorization_code', 'refresh_token', 'urn:ietf:params:oauth:grant-type:device_code'],
  response_types: ['code'],
  redirect_uris: ['http://127.0.0.1:33418/', 'https://vscode.dev/redirect'],
  token_endpoint_auth_method: 'none',
};

/** VS Code (GitHub Copilot agent mode), mcp-hosts.md §2.6. */
export const vscode: HostProfile = {
  id: 'vscode',
  name: 'VS Code',
  redirectUris: ['http://127.0.0.1:33418/', 'http://127.0.0.1/', 'https://vscode.dev/redirect', 'https://insiders.vscode.dev/redirect'],
  redirectPatterns: [],
  cimdUrls: [/^https:\/\/(insiders\.)?vscode\.dev\/oauth\/client-metadata\.json$/],
  pinnedDocuments: [
    { url: /^https:\/\/vscode\.dev\/oauth\/client-metadata\.json$/, copiedOn: '2026-09-01', document: stableDocument },
    {
      url: /^https:\/\/insiders\.vscode\.dev\/oauth\/client-metadata\.json$/,
      copiedOn: '2026-09-01',
      document: {
        ...stableDocument,
        client_id: 'https://insiders.vscode.dev/oauth/client-metadata.json',
        client_name: 'Visual Studio Code - Insiders',
        redirect_uris: ['http://127.0.0.1:33418/', 'https://insiders.vscode.dev/redirect'],
      },
    },
  ],
  registration: ['cimd', 'dcr', 'preconfigured'],
  cimdNeedsNone: false,
  clientNames: /^(Visual Studio Code|VS Code|Code - OSS)\b/,
  userAgents: /\bCode\/\d|\bvscode\//i,
  usesFallbackPaths: true,
  connect: {
    ...specConnect,
    redirectUri: 'http://127.0.0.1:33418/',
    cimdClientId: 'https://vscode.dev/oauth/client-metadata.json',
    dcrBody: {
      client_name: 'Visual Studio Code',
      client_uri: 'https://code.visualstudio.com',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      redirect_uris: [
        'https://insiders.vscode.dev/redirect',
        'https://vscode.dev/redirect',
        'http://127.0.0.1/',
        'http://127.0.0.1:33418/',
      ],
      token_endpoint_auth_method: 'none',
      application_type: 'native',
    },
    userAgent: 'Code/1.106.0 (Electron)',
  },
  checkWording: {},
  setup: {
    steps: [
      'Create .vscode/mcp.json in your project as below (or run “MCP: Add Server…” → HTTP).',
      'Press Start above the server in mcp.json; allow the authentication prompt, sign in on Handshake’s page and allow.',
      'Use the tools in Copilot Chat’s agent mode.',
    ],
    snippet: { label: '.vscode/mcp.json', text: '{\n  "servers": {\n    "{name}": { "type": "http", "url": "{url}" }\n  }\n}' },
    expect: [
      'Metadata fetched',
      'Client registered or identified (its document https://vscode.dev/oauth/client-metadata.json)',
      'Signed in',
      'Code exchanged for tokens',
      'MCP session started',
      'First tool call',
    ],
    needsPublicUrl: false,
  },
  source: 'mcp-hosts.md §2.6',
};

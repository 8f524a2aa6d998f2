import { describe, expect, it } from 'vitest';
import { recogniseHost } from '../../../server/hosts/recognise-host';

describe('recognising the MCP host', () => {
  it.each([
    [{ clientId: 'https://chatgpt.com/oauth/client.json' }, 'chatgpt'],
    [{ clientId: 'https://chatgpt.com/oauth/eaQ3VyiNzLuI/client.json' }, 'chatgpt'],
    [{ clientId: 'https://chatgpt.com/oauth/codex/client.json' }, 'codex'],
    [{ clientId: 'https://chatgpt.com/oauth/codex/Xq3vT0b9LmZa/client.json' }, 'codex'],
    [{ clientId: 'https://claude.ai/oauth/claude-code-client-metadata' }, 'claude-code'],
    [{ redirectUris: ['https://chatgpt.com/connector/oauth/OUbdUMlL15Ct'] }, 'chatgpt'],
    [{ redirectUris: ['http://127.0.0.1:50123/callback/Xq3vT0b9LmZa'] }, 'codex'],
    [{ redirectUris: ['http://localhost:8787/callback'] }, 'cursor'],
    [{ redirectUris: ['http://localhost:3118/callback'] }, 'claude-code'],
    [{ redirectUris: ['cursor://anysphere.cursor-mcp/oauth/callback'] }, 'cursor'],
    [{ redirectUris: ['http://127.0.0.1:40001/'] }, 'vscode'],
    [{ redirectUris: ['http://127.0.0.1:49152/oauth_callback'] }, 'goose'],
    [{ clientName: 'Claude Code (my-server)' }, 'claude-code'],
    [{ clientName: 'Claude' }, 'claude'],
    [{ clientName: 'MCP Inspector' }, 'inspector'],
    [{ origin: 'http://localhost:6274' }, 'inspector'],
    [{ userAgent: 'openai-mcp/1.0.0' }, 'chatgpt'],
  ] as const)('%j is %s', (signals, host) => {
    expect(recogniseHost(signals)).toBe(host);
  });

  it('a document URL outweighs a redirect URI, which outweighs a client_name, which outweighs the User-Agent', () => {
    expect(
      recogniseHost({ clientId: 'https://cursor.com/oauth/mcp-client.json', redirectUris: ['https://claude.ai/api/mcp/auth_callback'] }),
    ).toBe('cursor');
    expect(recogniseHost({ redirectUris: ['https://vscode.dev/redirect'], clientName: 'Cursor', userAgent: 'openai-mcp/1.0.0' })).toBe(
      'vscode',
    );
    expect(recogniseHost({ clientName: 'Codex', userAgent: 'openai-mcp/1.0.0' })).toBe('codex');
  });

  it('names no host without a sign of one: a generic Python client, an unknown callback, another name', () => {
    expect(recogniseHost({ userAgent: 'python-httpx/0.28.1' })).toBeUndefined();
    expect(recogniseHost({ redirectUris: ['https://app.example.com/callback', 'http://localhost:9000/cb'] })).toBeUndefined();
    expect(recogniseHost({ clientName: 'My own MCP client', clientId: 'dcr_abc' })).toBeUndefined();
    expect(recogniseHost({})).toBeUndefined();
  });
});

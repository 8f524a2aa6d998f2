import type { McpHostId } from '../../server/control/control-api';

/**
 * The MCP hosts' names by id, mirrored from the host profiles (server/hosts/) so the traffic list can name a host
 * without a request; test/renderer/host-names-drift.test.ts keeps it equal to the profiles.
 */
export const mcpHostNames: Record<McpHostId, string> = {
  chatgpt: 'ChatGPT',
  codex: 'Codex',
  claude: 'Claude',
  'claude-code': 'Claude Code',
  cursor: 'Cursor',
  vscode: 'VS Code',
  inspector: 'MCP Inspector',
  goose: 'Goose',
};

export const mcpHostIds = Object.keys(mcpHostNames) as McpHostId[];

export function isMcpHost(value: string | null): value is McpHostId {
  return value !== null && value in mcpHostNames;
}

import type { McpHostId } from '../../../server/control/control-api';
import { isMcpHost } from '../../state/host-names';

const storageKey = 'handshake.mcpHost';

/** The MCP host last picked in Setup; ChatGPT first. */
export function storedMcpHost(): McpHostId {
  const stored = localStorage.getItem(storageKey);
  return isMcpHost(stored) ? stored : 'chatgpt';
}

export function storeMcpHost(host: McpHostId): void {
  localStorage.setItem(storageKey, host);
}

/** A host's setup text with the MCP server URL and a server name filled in. */
export function fillSetupText(text: string, mcpUrl: string, name = 'handshake'): string {
  return text.replaceAll('{url}', mcpUrl).replaceAll('{name}', name);
}

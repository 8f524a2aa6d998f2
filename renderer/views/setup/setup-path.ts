/** The two kinds of plugin Setup walks through. */
export const setupPaths = [
  { id: 'mcp', label: 'MCP server (ChatGPT, Claude, Codex, Cursor, VS Code …)' },
  { id: 'classic', label: 'Classic plugin / GPT Action' },
] as const;
export type SetupPath = (typeof setupPaths)[number]['id'];

const storageKey = 'handshake.setupPath';

/** The path last chosen; MCP first, as most plugins are built today. */
export function storedSetupPath(): SetupPath {
  return localStorage.getItem(storageKey) === 'classic' ? 'classic' : 'mcp';
}

export function storeSetupPath(path: SetupPath): void {
  localStorage.setItem(storageKey, path);
}

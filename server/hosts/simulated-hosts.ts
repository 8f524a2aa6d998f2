/** The hosts "Test as" plays (the check profiles besides classic); Goose is recognised but not played. */
export const simulatedHosts = ['chatgpt', 'codex', 'claude', 'claude-code', 'cursor', 'vscode', 'inspector'] as const;
export type SimulatedHost = (typeof simulatedHosts)[number];

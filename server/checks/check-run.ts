import { simulatedHosts } from '../hosts/simulated-hosts';
import type { CheckSource } from './check-sources';

/**
 * classic; an MCP host to play (`mcp` is the ChatGPT profile's older name, kept as an alias); server probes the
 * developer's own MCP server with good and bad tokens.
 */
export const checkProfiles = ['classic', 'mcp', ...simulatedHosts, 'server'] as const;
export type CheckProfile = (typeof checkProfiles)[number];

/** pending and running while the run goes; warn passes with a remark; skipped follows a failure (ChatGPT stops there). */
export type CheckVerdict = 'pending' | 'running' | 'pass' | 'warn' | 'fail' | 'skipped';

/** One request the step sent and what came back, secrets masked; entryId is its traffic log entry when it reached this Handshake. */
export interface CheckExchange {
  request: { method: string; url: string; headers: Record<string, string>; body: string | null };
  response: { status: number; headers: Record<string, string>; body: string } | null;
  /** Why no response came (connection refused, timeout …). */
  error: string | null;
  entryId: string | null;
}

export interface CheckStep {
  id: string;
  title: string;
  /** What ChatGPT does at this step, in plain words. */
  chatgpt: string;
  /** ChatGPT's behaviour here is inferred, not documented. */
  inferred: boolean;
  verdict: CheckVerdict;
  /** On fail or warn: why, in plain words. */
  reason: string | null;
  /** The spec or OpenAI page the reason comes from. */
  source: CheckSource | null;
  /** What the step saw, one line each. */
  details: string[];
  exchanges: CheckExchange[];
}

export interface CheckRun {
  id: string;
  profile: CheckProfile;
  /** The URL checked: the public base URL (classic), the MCP server URL (mcp), or the developer's MCP server (server). */
  url: string;
  /** Every request of the run is recorded under this flow in the traffic log. */
  flowId: string;
  state: 'running' | 'passed' | 'failed';
  /** The user signed in as. */
  user: string | null;
  startedAt: string;
  finishedAt: string | null;
  steps: CheckStep[];
}

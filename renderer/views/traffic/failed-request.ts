import type { TrafficSummary } from '../../../server/traffic/traffic-entry';

/**
 * A request that went wrong: an error status or an error diagnosis. An MCP answer in the 4xx range whose diagnosis is
 * only informative is expected (the 401 that starts a connect, a stateless server's 405 to GET), not a failure.
 */
export function isFailed(row: Pick<TrafficSummary, 'kind' | 'status' | 'worstNote'>): boolean {
  if (row.kind === 'mcp' && row.status < 500 && row.worstNote === 'info') return false;
  return row.status >= 400 || row.worstNote === 'error';
}

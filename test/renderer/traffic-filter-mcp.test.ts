import { kindOptions } from '../../renderer/views/traffic/traffic-filter';
import { trafficKinds } from '../../server/traffic/traffic-entry';

// The renderer keeps a copy of the traffic kinds (ARCHITECTURE: contract constants): a new kind must reach the filter.
describe('the Traffic filter’s kinds', () => {
  it('are the core’s, in order', () => {
    expect([...kindOptions]).toEqual([...trafficKinds]);
  });
});

describe('collapsed repeats of MCP calls', () => {
  it('keep calls with another JSON-RPC method or tool apart: every MCP call is POST /mcp', async () => {
    const { collapseRepeats } = await import('../../renderer/views/traffic/traffic-filter');
    const { makeEntry, toSummary } = await import('./fake-control-api');
    const call = (rpc: string) => toSummary(makeEntry({ kind: 'mcp', method: 'POST', path: '/mcp', rpc }));
    const rows = [call('tools/call add_todo'), call('tools/call add_todo'), call('tools/list')];
    const { rows: shown, repeats } = collapseRepeats(rows);
    expect(shown.map((row) => row.rpc)).toEqual(['tools/call add_todo', 'tools/list']);
    expect(repeats.get(shown[0].id)).toBe(2);
  });
});

describe('what counts as a failed request', () => {
  it('is an error status or diagnosis, but not an MCP connect’s expected 401 nor a stateless server’s 405 to GET', async () => {
    const { isFailed } = await import('../../renderer/views/traffic/failed-request');
    expect(isFailed({ kind: 'mcp', status: 401, worstNote: 'info' })).toBe(false);
    expect(isFailed({ kind: 'mcp', status: 405, worstNote: 'info' })).toBe(false);
    expect(isFailed({ kind: 'mcp', status: 401, worstNote: 'error' })).toBe(true);
    expect(isFailed({ kind: 'api', status: 401, worstNote: 'info' })).toBe(true);
    expect(isFailed({ kind: 'mcp', status: 502, worstNote: 'info' })).toBe(true);
    expect(isFailed({ kind: 'token', status: 200, worstNote: 'error' })).toBe(true);
  });
});

describe('the MCP host filter', () => {
  it('keeps one host’s connects, reads the host from the address bar, and finds a host by name in the text filter', async () => {
    const { filterTraffic, filterFromUrl, emptyFilter } = await import('../../renderer/views/traffic/traffic-filter');
    const { makeEntry, toSummary } = await import('./fake-control-api');
    const cursor = toSummary(makeEntry({ kind: 'token', mcpHost: 'cursor' }));
    const claude = toSummary(makeEntry({ kind: 'token', mcpHost: 'claude-code' }));
    const none = toSummary(makeEntry({ kind: 'token' }));
    const rows = [cursor, claude, none];
    expect(filterTraffic(rows, { ...emptyFilter, host: 'cursor' }).map((row) => row.id)).toEqual([cursor.id]);
    expect(filterTraffic(rows, { ...emptyFilter, text: 'claude code' }).map((row) => row.id)).toEqual([claude.id]);
    expect(filterFromUrl(null, null, null, 'vscode').host).toBe('vscode');
    expect(filterFromUrl(null, null, null, 'netscape').host).toBe('');
  });
});

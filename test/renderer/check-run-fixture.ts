import type { CheckRun, CheckStep } from '../../server/control/control-api';

/** A check step as the core reports it; pending unless told otherwise. */
export function checkStep(id: string, overrides: Partial<CheckStep> = {}): CheckStep {
  return {
    id,
    title: id,
    chatgpt: `ChatGPT does ${id}.`,
    inferred: false,
    verdict: 'pending',
    reason: null,
    source: null,
    details: [],
    exchanges: [],
    ...overrides,
  };
}

/** A check run of `profile` with the given steps. */
export function checkRun(profile: CheckRun['profile'], steps: CheckStep[], overrides: Partial<CheckRun> = {}): CheckRun {
  return {
    id: 'chk_test',
    profile,
    url: profile === 'mcp' ? 'http://127.0.0.1:3030/mcp' : 'http://127.0.0.1:3030',
    flowId: 'flw_chktest',
    state: 'running',
    user: 'ada@example.com',
    startedAt: '2026-01-01T10:00:00.000Z',
    finishedAt: null,
    steps,
    ...overrides,
  };
}

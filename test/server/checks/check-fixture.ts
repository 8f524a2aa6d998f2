import { expect } from 'vitest';
import type { CheckInput, CheckRun, CheckStep } from '../../../server/control/control-api';
import { startTestCore, type TestCore, type TestCoreOptions } from '../support/test-core';
import { type Rewrites, type RewritingProxy, startRewritingProxy } from './rewriting-proxy';

/** Runs a check through the control API (POST /api/checks), as the button and the CLI do. */
export async function runCheck(core: TestCore, input: CheckInput): Promise<CheckRun> {
  return core.api.call<CheckRun>('POST', '/api/checks', input);
}

export function stepOf(run: CheckRun, id: string): CheckStep {
  const step = run.steps.find((candidate) => candidate.id === id);
  if (!step) throw new Error(`no step ${id} in ${run.steps.map((candidate) => candidate.id).join(', ')}`);
  return step;
}

/** The run failed at `id` (every step before it passed or warned, every one after it was skipped); returns the step. */
export function expectFailedAt(run: CheckRun, id: string): CheckStep {
  const verdicts = run.steps.map((step) => `${step.id}:${step.verdict}`);
  const at = run.steps.findIndex((step) => step.id === id);
  expect(run.state, verdicts.join(' ')).toBe('failed');
  expect(run.steps[at].verdict, `${verdicts.join(' ')} — ${run.steps[at].reason}`).toBe('fail');
  for (const before of run.steps.slice(0, at)) expect(['pass', 'warn'], `${before.id}: ${before.reason}`).toContain(before.verdict);
  for (const after of run.steps.slice(at + 1)) expect(after.verdict).toBe('skipped');
  expect(run.steps[at].source?.url).toMatch(/^https:\/\//);
  return run.steps[at];
}

export function expectPassed(run: CheckRun): void {
  const failed = run.steps.find((step) => step.verdict === 'fail');
  expect(failed?.reason ?? null, failed?.id).toBeNull();
  expect(run.state).toBe('passed');
  for (const step of run.steps) expect(['pass', 'warn']).toContain(step.verdict);
}

/** A core behind a rewriting proxy; `url` is the proxy. */
export interface ProxiedCore {
  core: TestCore;
  proxy: RewritingProxy;
  close(): Promise<void>;
}

export async function startProxiedCore(
  rewrites: Rewrites,
  options: TestCoreOptions = {},
  proxyOptions: { forwardedHost?: string } = {},
): Promise<ProxiedCore> {
  const core = await startTestCore(options);
  const proxy = await startRewritingProxy(core.publicUrl, rewrites, proxyOptions);
  return {
    core,
    proxy,
    async close() {
      await proxy.close();
      await core.close();
    },
  };
}

import { checkPlayer } from '../checks/check-player';
import type { CheckRun, CheckStep } from '../checks/check-run';

const labels: Record<CheckStep['verdict'], string> = {
  pass: 'PASS',
  warn: 'WARN',
  fail: 'FAIL',
  skipped: 'SKIP',
  pending: '....',
  running: '....',
};

/** One line per step: verdict, id, title, and on a warning or failure the reason and where it comes from. */
export function stepLine(step: CheckStep): string {
  const head = `${labels[step.verdict]}  ${step.id.padEnd(20)} ${step.title}`;
  if (!step.reason) return head;
  const inferred = step.inferred ? ' (ChatGPT’s behaviour here is inferred)' : '';
  return `${head}: ${step.reason}${step.source ? ` [${step.source.title}: ${step.source.url}]` : ''}${inferred}`;
}

export function runHeader(run: Pick<CheckRun, 'profile' | 'url' | 'user'>): string {
  if (run.profile === 'server') return `Check my MCP server's token validation: ${run.url}${run.user ? `, tokens for ${run.user}` : ''}`;
  return `Test as ${checkPlayer(run.profile)} (${run.profile}) against ${run.url}${run.user ? ` as ${run.user}` : ''}`;
}

export function runSummary(run: CheckRun): string {
  const failed = run.steps.find((step) => step.verdict === 'fail');
  if (run.profile === 'server') {
    const failures = run.steps.filter((step) => step.verdict === 'fail').map((step) => step.id);
    return failures.length
      ? `FAILED: ${failures.join(', ')}. Traffic flow ${run.flowId}.`
      : `PASSED: your server refuses every bad token. Traffic flow ${run.flowId}.`;
  }
  return failed
    ? `FAILED at ${failed.id}: ${checkPlayer(run.profile)} would stop there. Traffic flow ${run.flowId}.`
    : `PASSED: ${checkPlayer(run.profile)} would go through. Traffic flow ${run.flowId}.`;
}

/** The steps of `run` that reached a verdict and were not printed yet, in order (a step is printed once). */
export function newlyFinished(run: CheckRun, printed: Set<string>): CheckStep[] {
  const finished: CheckStep[] = [];
  for (const step of run.steps) {
    if (step.verdict === 'pending' || step.verdict === 'running') break;
    if (!printed.has(step.id)) {
      printed.add(step.id);
      finished.push(step);
    }
  }
  return finished;
}

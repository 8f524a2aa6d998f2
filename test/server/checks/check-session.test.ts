import { describe, expect, it } from 'vitest';
import { CheckSession, type StepSpec } from '../../../server/checks/check-session';
import { sources } from '../../../server/checks/check-sources';
import type { CheckRun } from '../../../server/control/control-api';

const specs: StepSpec[] = ['one', 'two', 'three'].map((id) => ({
  id,
  title: id,
  chatgpt: `ChatGPT does ${id}.`,
  source: sources.pluginAuth,
}));

describe('a check session', () => {
  it('stops at the first failure, skips the rest, and reports every change', async () => {
    const changes: CheckRun[] = [];
    const session = new CheckSession('chk_1', 'classic', 'http://127.0.0.1:1', 'flw_chk0001', specs, (run) => changes.push(run));
    await session.step('one', async (step) => {
      await new Promise((resolve) => setImmediate(resolve));
      step.warn('a remark');
    });
    await session.step('two', async (step) => step.fail('the reason', sources.rfc8414));
    let ranThree = false;
    await session.step('three', async () => {
      ranThree = true;
    });
    const run = session.finish();
    expect(ranThree).toBe(false);
    expect(run.steps.map((step) => [step.id, step.verdict, step.reason, step.source?.title ?? null])).toEqual([
      ['one', 'warn', 'a remark', sources.pluginAuth.title],
      ['two', 'fail', 'the reason', sources.rfc8414.title],
      ['three', 'skipped', null, null],
    ]);
    expect(run.state).toBe('failed');
    expect(changes.some((change) => change.steps[0].verdict === 'running')).toBe(true);
    expect(changes.at(-1)).toEqual(run);
  });

  it('fails the next step when the check itself breaks between steps', async () => {
    const session = new CheckSession('chk_2', 'mcp', 'http://127.0.0.1:1/mcp', 'flw_chk0002', specs, () => {});
    await session.step('one', async () => {});
    session.abort(new TypeError("Cannot read properties of undefined (reading 'client_id')"));
    const run = session.finish();
    expect(run.steps.map((step) => step.verdict)).toEqual(['pass', 'fail', 'skipped']);
    expect(run.steps[1].reason).toBe("The check itself failed: Cannot read properties of undefined (reading 'client_id')");
  });

  it('masks every secret it learned, even in requests sent before it learned it', async () => {
    const session = new CheckSession('chk_3', 'classic', 'http://127.0.0.1:1', 'flw_chk0003', specs, () => {});
    await session.step('one', async (step) => {
      step.detail('code hsc_ABCDEFGHIJKLMNOP arrived');
      step.secret('hsc_ABCDEFGHIJKLMNOP');
      step.secret('short');
    });
    expect(JSON.stringify(session.snapshot())).not.toContain('hsc_ABCDEFGHIJKLMNOP');
    expect(session.snapshot().steps[0].details).toEqual(['code •••• MNOP arrived']);
  });
});

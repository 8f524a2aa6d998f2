import { useControl } from '../../state/control-context';
import { ErrorMessage } from '../../ui/error-message';
import { Notice } from '../../ui/notice';
import { useAction } from '../../ui/use-action';
import { CheckStepItem } from './check-step-item';
import { useLatestCheckRun } from './use-check-run';

/**
 * "Check my MCP server's token validation": probes the developer's own MCP server with no token, a valid one and the
 * tokens it must refuse, each judged on its own with its source. The same check runs from POST /api/checks and
 * `npm run check -- --profile server`.
 */
export function ServerCheckPanel() {
  const { api } = useControl();
  const [run, setRun] = useLatestCheckRun('server');
  const start = useAction(async () => setRun(await api.runCheck({ profile: 'server' })));
  const failed = run?.steps.filter((step) => step.verdict === 'fail') ?? [];

  return (
    <section className="subsection" aria-label="Check my MCP server’s token validation">
      <div className="row">
        <button type="button" className="button secondary" onClick={() => void start.run()} disabled={start.busy}>
          {start.busy ? 'Checking…' : 'Check my MCP server’s token validation'}
        </button>
        <span className="muted small">Sends it a valid token, then tokens it must refuse.</span>
      </div>
      <ErrorMessage error={start.error} prefix="The check could not start" />
      {run && (
        <>
          <p className="muted small">
            Probed <code>{run.url}</code> · traffic flow <code>{run.flowId}</code> (marked in Traffic as Handshake’s own check)
          </p>
          {run.state === 'passed' && <Notice level="ok" title="Your server refuses every bad token." />}
          {run.state === 'failed' && (
            <Notice
              level="error"
              title={`Your server failed ${failed.length} of the checks: ${failed.map((step) => step.title).join(', ')}.`}
            >
              {failed[0]?.reason}
            </Notice>
          )}
          <ol className="steps" aria-label="Token validation probes">
            {run.steps.map((step) => (
              <CheckStepItem key={step.id} step={step} />
            ))}
          </ol>
        </>
      )}
    </section>
  );
}

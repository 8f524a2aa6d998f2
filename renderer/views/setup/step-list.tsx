import { useNavigation } from '../../state/navigation';
import { Icon } from '../../ui/icons';
import type { SetupStep } from './setup-steps';

export function StepList({ steps, label }: { steps: SetupStep[]; label: string }) {
  const { go } = useNavigation();
  return (
    <ol className="steps" aria-label={label}>
      {steps.map((step) => (
        <li
          key={step.id}
          className={`step ${step.done ? 'done' : step.failure ? 'failed' : step.stalled ? 'stalled' : 'pending'}${step.local ? ' local-only' : ''}`}
        >
          <span className="step-mark" aria-hidden="true">
            <Icon name={step.done ? 'check' : step.failure ? 'x' : step.stalled ? 'alert' : 'circle'} size={14} />
          </span>
          <div className="step-text">
            <div className="step-label">
              {step.label}
              <span className="visually-hidden">
                {step.done ? ' (done)' : step.failure ? ' (failed)' : step.stalled ? ' (overdue)' : ' (waiting)'}
              </span>
            </div>
            <div className="step-detail">{step.detail}</div>
            {step.failure && (
              <div className="step-failure">
                <span>{step.failure.headline}</span>
                <button type="button" className="link-button" onClick={() => go('traffic', { trafficId: step.failure!.entryId })}>
                  Inspect the request
                </button>
              </div>
            )}
          </div>
        </li>
      ))}
    </ol>
  );
}

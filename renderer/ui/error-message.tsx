import type { ControlCallError } from '../bridge/control-call-error';
import { Icon } from './icons';

/** A control API error shown where it happened. */
export function ErrorMessage({ error, prefix }: { error: ControlCallError | Error | null | undefined; prefix?: string }) {
  if (!error) return null;
  return (
    <div className="error-message" role="alert">
      <Icon name="alert" />
      <span>
        {prefix ? `${prefix}: ` : ''}
        {error.message}
      </span>
    </div>
  );
}

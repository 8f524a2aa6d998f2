import type { ControlCallError } from '../bridge/control-call-error';
import { Icon } from './icons';

/** A control API error shown where it happened. */
export function ErrorMessage({ error, prefix, id }: { error: ControlCallError | Error | null | undefined; prefix?: string; id?: string }) {
  if (!error) return null;
  return (
    <div className="error-message" role="alert" id={id}>
      <Icon name="alert" />
      <span>
        {prefix ? `${prefix}: ` : ''}
        {error.message}
      </span>
    </div>
  );
}

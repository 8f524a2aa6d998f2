import { useCallback, useState } from 'react';
import { asControlCallError, type ControlCallError } from '../bridge/control-call-error';

/** Runs a control call for a button or form: tracks busy state and keeps the error to show beside it. */
export function useAction<A extends unknown[], R>(run: (...args: A) => Promise<R>) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ControlCallError | null>(null);
  const go = useCallback(
    async (...args: A): Promise<R | undefined> => {
      setBusy(true);
      setError(null);
      try {
        return await run(...args);
      } catch (failure) {
        setError(asControlCallError(failure));
        return undefined;
      } finally {
        setBusy(false);
      }
    },
    [run],
  );
  return { run: go, busy, error, clearError: () => setError(null) };
}

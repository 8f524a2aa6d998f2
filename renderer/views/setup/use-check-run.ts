import { useEffect, useState } from 'react';
import type { CheckProfile, CheckRun } from '../../../server/control/control-api';
import { useControl } from '../../state/control-context';

/**
 * The latest check run of `profile`, kept live from the core's `check` events: a run started here, by the control
 * API or by `npm run check` shows up the same way.
 */
export function useLatestCheckRun(profile: CheckProfile): [CheckRun | null, (run: CheckRun) => void] {
  const { hub } = useControl();
  const [run, setRun] = useState<CheckRun | null>(null);
  useEffect(
    () =>
      hub.add((event) => {
        if (event.type !== 'check' || event.run.profile !== profile) return;
        setRun((current) => (current && current.id !== event.run.id && current.startedAt > event.run.startedAt ? current : event.run));
      }),
    [hub, profile],
  );
  return [run, setRun];
}

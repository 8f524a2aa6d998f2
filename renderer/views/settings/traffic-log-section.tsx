import { type FormEvent, useEffect, useState } from 'react';
import { useControl } from '../../state/control-context';
import { useSettings } from '../../state/shared-resources';
import { useTraffic } from '../../state/use-traffic';
import { Card } from '../../ui/card';
import { DocsLink } from '../../ui/docs-link';
import { ErrorMessage } from '../../ui/error-message';
import { useAction } from '../../ui/use-action';

/** Mirrors settings.trafficRingSize's bounds (server/settings/settings.ts). */
export const trafficRingBounds = { min: 100, max: 200_000 } as const;

/** How many requests the log keeps in memory: older ones are dropped, so the size is shown and settable here. */
export function TrafficLogSection() {
  const { api } = useControl();
  const settings = useSettings();
  const traffic = useTraffic();
  const [value, setValue] = useState('');
  const [saved, setSaved] = useState(false);
  const capacity = settings.data?.trafficRingSize;
  useEffect(() => {
    if (capacity) setValue(String(capacity));
  }, [capacity]);
  const save = useAction(async (size: number) => {
    settings.set(await api.updateSettings({ trafficRingSize: size }));
    setSaved(true);
  });
  if (!capacity) return <Card title="Traffic log" description="Loading…" />;

  const size = Number(value);
  const error =
    !/^\d+$/.test(value) || size < trafficRingBounds.min || size > trafficRingBounds.max
      ? `A whole number from ${trafficRingBounds.min.toLocaleString('en-US')} to ${trafficRingBounds.max.toLocaleString('en-US')}.`
      : null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!error) void save.run(size);
  };
  return (
    <Card id="traffic-log" title="Traffic log" description="Requests are kept in memory and in the history files; the oldest go first.">
      <p className="small" aria-live="polite">
        Keeping the newest <strong>{capacity.toLocaleString('en-US')}</strong> requests · {traffic.entries.length.toLocaleString('en-US')}{' '}
        in the log now.
      </p>
      <form className="inline-form" onSubmit={submit} noValidate>
        <div className="field">
          <label className="field-label" htmlFor="traffic-ring-size">
            Requests kept
          </label>
          <input
            id="traffic-ring-size"
            className="narrow"
            inputMode="numeric"
            value={value}
            onChange={(e) => {
              setValue(e.target.value);
              setSaved(false);
              save.clearError();
            }}
            aria-invalid={error ? true : undefined}
            aria-describedby="traffic-ring-size-note"
          />
        </div>
        <button type="submit" className="button secondary" disabled={Boolean(error) || size === capacity || save.busy}>
          Keep this many
        </button>
        {saved && (
          <span className="ok-text small" role="status">
            Saved.
          </span>
        )}
      </form>
      <span id="traffic-ring-size-note" className={error ? 'field-error' : 'field-hint'}>
        {error ?? 'An entry holds a few KB; 200,000 stays well inside memory.'}
      </span>
      <ErrorMessage error={save.error} />
      <p className="small">
        <DocsLink page="dashboard.md" section="traffic">
          Pause, collapsed repeats, Replay and the rest of the Traffic view
        </DocsLink>
      </p>
    </Card>
  );
}

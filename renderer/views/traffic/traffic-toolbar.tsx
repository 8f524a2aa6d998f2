import { useEffect, useState } from 'react';
import { useControl } from '../../state/control-context';
import { mcpHostIds, mcpHostNames } from '../../state/host-names';
import { useNavigation } from '../../state/navigation';
import { ConfirmButton } from '../../ui/confirm-button';
import { ErrorMessage } from '../../ui/error-message';
import { Icon } from '../../ui/icons';
import { useAction } from '../../ui/use-action';
import { downloadHar } from './har-download';
import { kindOptions, type StatusFilter, type TrafficFilter } from './traffic-filter';

const n = (value: number) => value.toLocaleString('en-US');

export function TrafficToolbar({
  filter,
  onChange,
  shown,
  total,
  capacity,
  paused,
  arrivedWhilePaused,
  onPause,
  collapse,
  onCollapse,
}: {
  filter: TrafficFilter;
  onChange: (f: TrafficFilter) => void;
  shown: number;
  total: number;
  capacity: number | null;
  paused: boolean;
  arrivedWhilePaused: number;
  onPause: (pause: boolean) => void;
  collapse: boolean;
  onCollapse: (collapse: boolean) => void;
}) {
  const { api } = useControl();
  const { go } = useNavigation();
  const [feedback, setFeedback] = useState<string | null>(null);
  const clear = useAction(async () => {
    const { cleared } = await api.clearTraffic(undefined);
    setFeedback(`Cleared ${n(cleared)} request${cleared === 1 ? '' : 's'}.`);
  });
  const exportHar = useAction(async () => {
    downloadHar(await api.exportHar(undefined));
    setFeedback(`Exported ${n(total)} request${total === 1 ? '' : 's'} as HAR — check your downloads.`);
  });
  // A status says what just happened; the next change to the filters moves on from it.
  useEffect(() => setFeedback(null), [filter]);
  const full = capacity !== null && total >= capacity;

  return (
    <div className="toolbar" role="toolbar" aria-label="Traffic filters and actions">
      <label className="field search">
        <span className="visually-hidden">Search requests</span>
        <input
          type="search"
          placeholder="Filter requests…"
          title="Matches path, method, status, user, diagnosis, flow or entry id"
          value={filter.text}
          onChange={(e) => onChange({ ...filter, text: e.target.value })}
        />
      </label>
      <label className="field compact">
        <span className="visually-hidden">Kind</span>
        <select
          value={filter.kind}
          onChange={(e) => onChange({ ...filter, kind: e.target.value as TrafficFilter['kind'] })}
          aria-label="Kind"
        >
          <option value="">All kinds</option>
          {kindOptions.map((kind) => (
            <option key={kind} value={kind}>
              {kind}
            </option>
          ))}
        </select>
      </label>
      <label className="field compact">
        <span className="visually-hidden">MCP host</span>
        <select
          value={filter.host}
          onChange={(e) => onChange({ ...filter, host: e.target.value as TrafficFilter['host'] })}
          aria-label="MCP host"
        >
          <option value="">All hosts</option>
          {mcpHostIds.map((host) => (
            <option key={host} value={host}>
              {mcpHostNames[host]}
            </option>
          ))}
        </select>
      </label>
      <label className="field compact">
        <span className="visually-hidden">Status</span>
        <select value={filter.status} onChange={(e) => onChange({ ...filter, status: e.target.value as StatusFilter })} aria-label="Status">
          <option value="">Any status</option>
          <option value="problems">Problems</option>
          <option value="2xx">2xx</option>
          <option value="3xx">3xx</option>
          <option value="4xx">4xx</option>
          <option value="5xx">5xx</option>
        </select>
      </label>
      <label className="check small">
        <input type="checkbox" checked={collapse} onChange={(e) => onCollapse(e.target.checked)} /> Collapse repeats
      </label>
      <span className="muted small count" aria-live="polite">
        {shown === total ? `${n(total)} request${total === 1 ? '' : 's'}` : `${n(shown)} of ${n(total)}`}
      </span>
      {capacity !== null && (
        <button
          type="button"
          className={`link-button small capacity${full ? ' full' : ''}`}
          onClick={() => go('settings', { section: 'traffic-log' })}
          title="Change how many requests are kept (Settings)"
        >
          {full ? `newest ${n(capacity)} kept — older dropped` : `keeps newest ${n(capacity)}`}
        </button>
      )}
      <span className="spacer" />
      <button type="button" className={`button ${paused ? 'primary' : 'secondary'}`} aria-pressed={paused} onClick={() => onPause(!paused)}>
        <Icon name={paused ? 'play' : 'pause'} />{' '}
        {paused ? `Resume live${arrivedWhilePaused ? ` (${n(arrivedWhilePaused)} new)` : ''}` : 'Pause live'}
      </button>
      <button type="button" className="button secondary" onClick={() => void exportHar.run()} disabled={exportHar.busy || total === 0}>
        <Icon name="download" /> Export HAR
      </button>
      <ConfirmButton label="Clear traffic" confirmText="Clear all requests" onConfirm={() => void clear.run()} disabled={total === 0}>
        <Icon name="trash" /> Clear
      </ConfirmButton>
      <div className="toolbar-errors">
        {feedback && (
          <span className="ok-text small" role="status">
            {feedback}
          </span>
        )}
        <ErrorMessage error={clear.error} prefix="Clear failed" />
        <ErrorMessage error={exportHar.error} prefix="Export failed" />
      </div>
    </div>
  );
}

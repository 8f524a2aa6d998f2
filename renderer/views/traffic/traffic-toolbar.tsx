import { useControl } from '../../state/control-context';
import { ConfirmButton } from '../../ui/confirm-button';
import { ErrorMessage } from '../../ui/error-message';
import { Icon } from '../../ui/icons';
import { useAction } from '../../ui/use-action';
import { downloadHar } from './har-download';
import { kindOptions, type StatusFilter, type TrafficFilter } from './traffic-filter';

export function TrafficToolbar({ filter, onChange, shown, total }: { filter: TrafficFilter; onChange: (f: TrafficFilter) => void; shown: number; total: number }) {
  const { api } = useControl();
  const clear = useAction(() => api.clearTraffic(undefined));
  const exportHar = useAction(async () => downloadHar(await api.exportHar(undefined)));

  return (
    <div className="toolbar" role="toolbar" aria-label="Traffic filters and actions">
      <label className="field search">
        <span className="visually-hidden">Search requests</span>
        <input
          type="search"
          placeholder="Filter by path, status, user, diagnosis…"
          value={filter.text}
          onChange={(e) => onChange({ ...filter, text: e.target.value })}
        />
      </label>
      <label className="field compact">
        <span className="visually-hidden">Kind</span>
        <select value={filter.kind} onChange={(e) => onChange({ ...filter, kind: e.target.value as TrafficFilter['kind'] })} aria-label="Kind">
          <option value="">All kinds</option>
          {kindOptions.map((kind) => (
            <option key={kind} value={kind}>{kind}</option>
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
      <span className="muted small count" aria-live="polite">
        {shown === total ? `${total} request${total === 1 ? '' : 's'}` : `${shown} of ${total}`}
      </span>
      <span className="spacer" />
      <button type="button" className="button secondary" onClick={() => void exportHar.run()} disabled={exportHar.busy || total === 0}>
        <Icon name="download" /> Export HAR
      </button>
      <ConfirmButton label="Clear traffic" confirmText="Clear all requests" onConfirm={() => void clear.run()} disabled={total === 0}>
        <Icon name="trash" /> Clear
      </ConfirmButton>
      <div className="toolbar-errors">
        <ErrorMessage error={clear.error} prefix="Clear failed" />
        <ErrorMessage error={exportHar.error} prefix="Export failed" />
      </div>
    </div>
  );
}

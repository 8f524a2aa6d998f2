import { useDeferredValue, useEffect, useMemo, useState } from 'react';
import { useNavigation } from '../../state/navigation';
import { useStatus } from '../../state/shared-resources';
import { useTraffic } from '../../state/use-traffic';
import { ErrorMessage } from '../../ui/error-message';
import { FlowDiagram } from './flow-diagram';
import { TrafficDetail } from './traffic-detail';
import { emptyFilter, filterTraffic, isFiltering, type TrafficFilter } from './traffic-filter';
import { TrafficList } from './traffic-list';
import { TrafficToolbar } from './traffic-toolbar';

/** The live log: list, filters, detail with diagnoses, and the flow of one install. */
export function TrafficView() {
  const traffic = useTraffic();
  const { trafficId } = useNavigation();
  const { data: status } = useStatus();
  const [filter, setFilter] = useState<TrafficFilter>(emptyFilter);
  const deferredFilter = useDeferredValue(filter);
  const [selectedId, setSelectedId] = useState<string | null>(trafficId);
  const [flowId, setFlowId] = useState<string | null>(null);

  useEffect(() => {
    if (trafficId) setSelectedId(trafficId);
  }, [trafficId]);

  const rows = useMemo(() => filterTraffic(traffic.entries, deferredFilter), [traffic.entries, deferredFilter]);
  const flowRows = useMemo(() => (flowId ? traffic.entries.filter((row) => row.flowId === flowId) : []), [traffic.entries, flowId]);
  const total = traffic.entries.length;

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      if (flowId) setFlowId(null);
      else setSelectedId(null);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [flowId]);

  return (
    <div className="view traffic-view">
      <header className="view-header compact">
        <div>
          <h1>Traffic</h1>
          <p className="muted">Every request to the public listener, live, with a diagnosis when something is off.</p>
        </div>
      </header>
      <TrafficToolbar filter={filter} onChange={setFilter} shown={rows.length} total={total} />
      <ErrorMessage error={traffic.error} prefix="Could not load traffic" />
      <div className={`traffic-panes${selectedId || flowId ? ' with-detail' : ''}`}>
        <div className="traffic-list-pane">
          <div className="traffic-head" aria-hidden="true">
            <span className="cell time">Time</span>
            <span className="cell method-cell">Method</span>
            <span className="cell path">Path</span>
            <span className="cell kind">Kind</span>
            <span className="cell status">Status</span>
            <span className="cell duration">Duration</span>
            <span className="cell headline">Diagnosis / user</span>
          </div>
          {rows.length > 0 ? (
            <TrafficList rows={rows} selectedId={selectedId} onSelect={setSelectedId} />
          ) : (
            <div className="empty traffic-empty">
              {traffic.loading ? (
                <p className="muted">Loading…</p>
              ) : total > 0 && isFiltering(filter) ? (
                <>
                  <p className="strong">No request matches these filters</p>
                  <button type="button" className="button secondary" onClick={() => setFilter(emptyFilter)}>Clear filters</button>
                </>
              ) : (
                <>
                  <p className="strong">No requests yet</p>
                  <p className="muted">
                    Requests appear here the moment they arrive. Try opening{' '}
                    {status ? <a href={status.manifestUrl} target="_blank" rel="noreferrer">the manifest</a> : 'the manifest'}, or start the
                    install in ChatGPT.
                  </p>
                </>
              )}
            </div>
          )}
        </div>
        {(selectedId || flowId) && (
          <div className="traffic-side">
            {flowId && (
              <FlowDiagram flowId={flowId} rows={flowRows} selectedId={selectedId} onSelect={setSelectedId} onClose={() => setFlowId(null)} />
            )}
            {selectedId && <TrafficDetail id={selectedId} onShowFlow={setFlowId} onClose={() => setSelectedId(null)} onSelect={setSelectedId} />}
          </div>
        )}
      </div>
    </div>
  );
}

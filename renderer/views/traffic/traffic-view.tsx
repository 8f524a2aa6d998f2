import { useDeferredValue, useEffect, useMemo, useState } from 'react';
import type { TrafficSummary } from '../../../server/traffic/traffic-entry';
import { useNavigation } from '../../state/navigation';
import { useSettings, useStatus } from '../../state/shared-resources';
import { readUrl, writeUrl } from '../../state/url-state';
import { useMediaQuery } from '../../state/use-media-query';
import { useTraffic } from '../../state/use-traffic';
import { ErrorMessage } from '../../ui/error-message';
import { SplitHandle } from '../../ui/split-handle';
import { FlowDiagram } from './flow-diagram';
import { TrafficDetail } from './traffic-detail';
import { collapseRepeats, emptyFilter, filterFromUrl, filterTraffic, isFiltering, type TrafficFilter } from './traffic-filter';
import { TrafficList } from './traffic-list';
import { TrafficToolbar } from './traffic-toolbar';

const splitStorageKey = 'handshake.trafficSplit';
const stackedQuery = '(max-width: 1100px)';

const defaultStacked = () => Math.max(200, Math.round(window.innerHeight * 0.4));

function storedSplit(): { side: number; stacked: number } {
  try {
    const stored = JSON.parse(localStorage.getItem(splitStorageKey) ?? 'null') as { side?: unknown; stacked?: unknown } | null;
    return {
      side: typeof stored?.side === 'number' ? stored.side : 560,
      stacked: typeof stored?.stacked === 'number' ? stored.stacked : defaultStacked(),
    };
  } catch {
    return { side: 560, stacked: defaultStacked() };
  }
}

/** The live log: list, filters, detail with diagnoses, and the flow of one install. */
export function TrafficView() {
  const traffic = useTraffic();
  const { trafficId } = useNavigation();
  const { data: status } = useStatus();
  const { data: settings } = useSettings();
  const [filter, setFilter] = useState<TrafficFilter>(() =>
    filterFromUrl(readUrl('kind'), readUrl('status'), readUrl('q'), readUrl('host')),
  );
  const deferredFilter = useDeferredValue(filter);
  const [selectedId, setSelectedId] = useState<string | null>(trafficId ?? readUrl('entry'));
  const [flowId, setFlowId] = useState<string | null>(readUrl('flow'));
  const [paused, setPaused] = useState<readonly TrafficSummary[] | null>(null);
  const [collapse, setCollapse] = useState(readUrl('collapse') !== 'off');
  const [split, setSplit] = useState(storedSplit);
  const stacked = useMediaQuery(stackedQuery);

  useEffect(() => {
    if (trafficId) setSelectedId(trafficId);
  }, [trafficId]);

  useEffect(() => {
    writeUrl({
      kind: filter.kind,
      status: filter.status,
      host: filter.host,
      q: filter.text,
      entry: selectedId,
      flow: flowId,
      collapse: collapse ? null : 'off',
    });
  }, [filter, selectedId, flowId, collapse]);
  // Leaving the view leaves its state out of links to other views.
  useEffect(() => () => writeUrl({ kind: null, status: null, q: null, entry: null, flow: null, collapse: null }), []);

  const resize = (key: 'side' | 'stacked', value: number) => {
    const next = { ...split, [key]: value };
    setSplit(next);
    localStorage.setItem(splitStorageKey, JSON.stringify(next));
  };

  const source = paused ?? traffic.entries;
  const filtered = useMemo(() => filterTraffic(source, deferredFilter), [source, deferredFilter]);
  const { rows, repeats } = useMemo(
    () => (collapse ? collapseRepeats(filtered) : { rows: filtered, repeats: new Map<string, number>() }),
    [filtered, collapse],
  );
  const flowRows = useMemo(() => (flowId ? traffic.entries.filter((row) => row.flowId === flowId) : []), [traffic.entries, flowId]);
  const total = source.length;
  const arrivedWhilePaused = paused ? Math.max(0, traffic.entries.length - paused.length) : 0;

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      if (flowId) setFlowId(null);
      else setSelectedId(null);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [flowId]);

  const withDetail = Boolean(selectedId || flowId);
  const sideSize = stacked ? split.stacked : split.side;
  return (
    <div className="view traffic-view">
      <header className="view-header compact">
        <div>
          <h1>Traffic</h1>
          <p className="muted">Every request to the public listener, live, with a diagnosis when something is off.</p>
        </div>
      </header>
      <TrafficToolbar
        filter={filter}
        onChange={setFilter}
        shown={filtered.length}
        total={total}
        capacity={settings?.trafficRingSize ?? null}
        paused={paused !== null}
        arrivedWhilePaused={arrivedWhilePaused}
        onPause={(pause) => setPaused(pause ? traffic.entries : null)}
        collapse={collapse}
        onCollapse={setCollapse}
      />
      <ErrorMessage error={traffic.error} prefix="Could not load traffic" />
      <div
        className={`traffic-panes${withDetail ? ' with-detail' : ''}${stacked ? ' stacked' : ''}`}
        style={
          withDetail
            ? {
                [stacked ? 'gridTemplateRows' : 'gridTemplateColumns']:
                  `minmax(${stacked ? 120 : 320}px, 1fr) 10px min(${sideSize}px, calc(100% - ${stacked ? 130 : 330}px))`,
              }
            : undefined
        }
      >
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
            <TrafficList rows={rows} repeats={repeats} selectedId={selectedId} onSelect={setSelectedId} />
          ) : (
            <div className="empty traffic-empty">
              {traffic.loading ? (
                <p className="muted">Loading…</p>
              ) : total > 0 && isFiltering(filter) ? (
                <>
                  <p className="strong">No request matches these filters</p>
                  <button type="button" className="button secondary" onClick={() => setFilter(emptyFilter)}>
                    Clear filters
                  </button>
                </>
              ) : (
                <>
                  <p className="strong">No requests yet</p>
                  <p className="muted">
                    Requests appear here the moment they arrive. Try opening{' '}
                    {status ? (
                      <a href={status.manifestUrl} target="_blank" rel="noreferrer">
                        the manifest
                      </a>
                    ) : (
                      'the manifest'
                    )}
                    , or start the install in ChatGPT.
                  </p>
                </>
              )}
            </div>
          )}
        </div>
        {withDetail && (
          <>
            <SplitHandle
              orientation={stacked ? 'horizontal' : 'vertical'}
              size={sideSize}
              min={stacked ? 160 : 360}
              max={stacked ? 900 : 1400}
              label="Resize the list and the detail"
              controls="traffic-side"
              onResize={(value) => resize(stacked ? 'stacked' : 'side', value)}
            />
            <div className="traffic-side" id="traffic-side">
              {flowId && (
                <FlowDiagram
                  flowId={flowId}
                  rows={flowRows}
                  selectedId={selectedId}
                  onSelect={setSelectedId}
                  onClose={() => setFlowId(null)}
                />
              )}
              {selectedId && (
                <TrafficDetail id={selectedId} onShowFlow={setFlowId} onClose={() => setSelectedId(null)} onSelect={setSelectedId} />
              )}
            </div>
          </>
        )}
      </div>
    </div>
  );
}

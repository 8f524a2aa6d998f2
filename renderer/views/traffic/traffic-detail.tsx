import { useEffect, useState } from 'react';
import type { TrafficEntry } from '../../../server/traffic/traffic-entry';
import { asControlCallError, type ControlCallError } from '../../bridge/control-call-error';
import { useControl } from '../../state/control-context';
import { mcpHostNames } from '../../state/host-names';
import { useStatus } from '../../state/shared-resources';
import { ErrorMessage } from '../../ui/error-message';
import { Icon } from '../../ui/icons';
import { arrivalText } from './arrival-text';
import { BodyView, HeadersTable } from './body-view';
import { JwtPanel } from './jwt-panel';
import { ReplayPanel } from './replay-panel';
import { clockTime, MethodBadge, StatusBadge } from './traffic-row-parts';

function flatQuery(query: TrafficEntry['query']): Record<string, string> {
  return Object.fromEntries(Object.entries(query).map(([key, value]) => [key, Array.isArray(value) ? value.join(', ') : value]));
}

function fullPath(entry: TrafficEntry): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(entry.query)) for (const v of Array.isArray(value) ? value : [value]) query.append(key, v);
  const text = query.toString();
  return text ? `${entry.path}?${text}` : entry.path;
}

/** One request: diagnoses first, then what was sent and answered. */
export function TrafficDetail({
  id,
  onShowFlow,
  onClose,
  onSelect,
}: {
  id: string;
  onShowFlow: (flowId: string) => void;
  onClose: () => void;
  onSelect: (id: string) => void;
}) {
  const { api, traffic } = useControl();
  const [entry, setEntry] = useState<TrafficEntry | null>(() => traffic.cached(id) ?? null);
  const [error, setError] = useState<ControlCallError | null>(null);
  /** The entry with the configured client secret put back by the core, while the developer asks for it. */
  const [revealAsked, setRevealAsked] = useState(false);
  const [revealed, setRevealed] = useState<TrafficEntry | null>(null);
  const [revealError, setRevealError] = useState<ControlCallError | null>(null);
  const { data: status } = useStatus();

  useEffect(() => {
    let live = true;
    const cached = traffic.cached(id);
    setEntry(cached ?? null);
    setError(null);
    // Shown from the cache at once; the core's copy also says whether the client secret can be revealed.
    api.getTrafficEntry({ id }).then(
      (found) => live && setEntry(found),
      (failure: unknown) => live && !cached && setError(asControlCallError(failure)),
    );
    return () => {
      live = false;
    };
  }, [api, traffic, id]);

  useEffect(() => setRevealAsked(false), [id]);
  useEffect(() => {
    setRevealed(null);
    setRevealError(null);
    if (!revealAsked) return;
    let live = true;
    api.getTrafficEntry({ id, reveal: true }).then(
      (found) => live && setRevealed(found),
      (failure: unknown) => live && setRevealError(asControlCallError(failure)),
    );
    return () => {
      live = false;
    };
  }, [api, id, revealAsked]);
  const shown = revealed ?? entry;

  return (
    <section className="traffic-detail" aria-label="Request detail">
      <header className="detail-header">
        {entry ? (
          <h2 className="detail-title">
            <MethodBadge method={entry.method} />
            <span className="mono path-text">{fullPath(entry)}</span>
            <StatusBadge status={entry.status} />
          </h2>
        ) : (
          <h2 className="detail-title muted">{error ? 'Not available' : 'Loading…'}</h2>
        )}
        <button type="button" className="button icon-button" onClick={onClose} aria-label="Close detail" title="Close detail (Esc)">
          <Icon name="x" />
        </button>
      </header>
      <ErrorMessage error={error} prefix="Could not load this request" />
      {entry && (
        <div className="detail-body">
          {entry.notes.length > 0 ? (
            <ul className="notes" aria-label="Diagnosis">
              {entry.notes.map((note, i) => (
                <li key={i} className={`note note-${note.level}`}>
                  <Icon name={note.level === 'info' ? 'info' : 'alert'} />
                  <div>
                    <div className="note-message">{note.message}</div>
                    <code className="note-code">{note.code}</code>
                  </div>
                </li>
              ))}
            </ul>
          ) : (
            <p className="ok-text small notes-empty">
              <Icon name="check" /> No problems found on this request.
            </p>
          )}
          <dl className="detail-facts">
            <dt>Time</dt>
            <dd className="mono">
              {new Date(entry.time).toLocaleDateString()} {clockTime(entry.time)}
            </dd>
            <dt>Kind</dt>
            <dd>{entry.kind}</dd>
            <dt>Duration</dt>
            <dd className="mono">{Math.round(entry.durationMs)} ms</dd>
            {entry.arrival && (
              <>
                <dt>Arrived</dt>
                <dd>{arrivalText(entry.arrival)}</dd>
              </>
            )}
            {entry.mcpHost && (
              <>
                <dt>MCP host</dt>
                <dd>{mcpHostNames[entry.mcpHost]}</dd>
              </>
            )}
            {entry.userEmail && (
              <>
                <dt>User</dt>
                <dd>{entry.userEmail}</dd>
              </>
            )}
            {entry.clientId && (
              <>
                <dt>Client</dt>
                <dd className="mono">{entry.clientId}</dd>
              </>
            )}
            {entry.flowId && (
              <>
                <dt>Flow</dt>
                <dd>
                  <button type="button" className="link-button" onClick={() => onShowFlow(entry.flowId!)}>
                    <Icon name="flow" /> Show this install as a sequence diagram
                  </button>
                </dd>
              </>
            )}
          </dl>
          {entry.revealable && (
            <label className="check small">
              <input type="checkbox" checked={revealAsked} onChange={(e) => setRevealAsked(e.target.checked)} /> Use the configured client
              secret where it is masked (shown below, and sent by Replay and the copies)
            </label>
          )}
          <ErrorMessage error={revealError} prefix="Could not reveal the secret" />
          <ReplayPanel entry={shown!} filled={revealed !== null} baseUrl={status?.localUrl ?? window.location.origin} onOpen={onSelect} />
          {entry.jwts && <JwtPanel jwts={entry.jwts} />}
          <details open className="detail-section">
            <summary>Request</summary>
            {Object.keys(shown!.query).length > 0 && (
              <>
                <h3 className="section-label">Query</h3>
                <HeadersTable headers={flatQuery(shown!.query)} label="Query parameters" />
              </>
            )}
            <h3 className="section-label">Headers</h3>
            <HeadersTable headers={shown!.request.headers} label="Request headers" />
            <h3 className="section-label">Body</h3>
            <BodyView body={shown!.request.body} label="Request body" />
          </details>
          <details open className="detail-section">
            <summary>Response</summary>
            <h3 className="section-label">Headers</h3>
            <HeadersTable headers={shown!.response.headers} label="Response headers" />
            <h3 className="section-label">Body</h3>
            <BodyView body={shown!.response.body} label="Response body" />
          </details>
        </div>
      )}
    </section>
  );
}

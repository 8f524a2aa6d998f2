import { useEffect, useState } from 'react';
import type { ClientView } from '../../../server/store/records';
import type { TrafficEntry } from '../../../server/traffic/traffic-entry';
import { asControlCallError, type ControlCallError } from '../../bridge/control-call-error';
import { useControl } from '../../state/control-context';
import { useStatus } from '../../state/shared-resources';
import { useResource } from '../../state/use-resource';
import { ErrorMessage } from '../../ui/error-message';
import { Icon } from '../../ui/icons';
import { arrivalText } from './arrival-text';
import { BodyView, HeadersTable } from './body-view';
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

/**
 * The log masks a secret as "•••• last4 (matches the configured client secret)". Only those the session can vouch for
 * — the configured client secret — are revealed; a wrong secret stays masked because its value was never kept.
 */
export function secretRevealPattern(secret: string): RegExp | null {
  if (secret.length < 8) return null;
  const last4 = secret.slice(-4).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`••••\\s?${last4}(?= \\(matches the configured client secret\\))`, 'g');
}

/** One request: diagnoses first, then what was sent and answered. */
export function TrafficDetail({ id, onShowFlow, onClose, onSelect }: { id: string; onShowFlow: (flowId: string) => void; onClose: () => void; onSelect: (id: string) => void }) {
  const { api, traffic } = useControl();
  const [entry, setEntry] = useState<TrafficEntry | null>(() => traffic.cached(id) ?? null);
  const [error, setError] = useState<ControlCallError | null>(null);
  const [revealed, setRevealed] = useState(false);
  const client = useResource<ClientView>((a) => a.getClient(undefined), 'client');
  const { data: status } = useStatus();

  useEffect(() => {
    let live = true;
    const cached = traffic.cached(id);
    setEntry(cached ?? null);
    setError(null);
    if (cached) return;
    api.getTrafficEntry({ id }).then(
      (found) => live && setEntry(found),
      (failure: unknown) => live && setError(asControlCallError(failure)),
    );
    return () => {
      live = false;
    };
  }, [api, traffic, id]);

  const secret = client.data?.secret;
  const revealPattern = secret ? secretRevealPattern(secret) : null;
  const canReveal = Boolean(revealPattern && entry && revealPattern.test(JSON.stringify(entry)));
  const reveal = (text: string) => (revealed && revealPattern && secret ? text.replace(revealPattern, secret) : text);

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
            <p className="ok-text small notes-empty"><Icon name="check" /> No problems found on this request.</p>
          )}
          <dl className="detail-facts">
            <dt>Time</dt><dd className="mono">{new Date(entry.time).toLocaleDateString()} {clockTime(entry.time)}</dd>
            <dt>Kind</dt><dd>{entry.kind}</dd>
            <dt>Duration</dt><dd className="mono">{Math.round(entry.durationMs)} ms</dd>
            {entry.arrival && (<><dt>Arrived</dt><dd>{arrivalText(entry.arrival)}</dd></>)}
            {entry.userEmail && (<><dt>User</dt><dd>{entry.userEmail}</dd></>)}
            {entry.clientId && (<><dt>Client</dt><dd className="mono">{entry.clientId}</dd></>)}
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
          <ReplayPanel entry={entry} secret={secret} baseUrl={status?.localUrl ?? window.location.origin} onOpen={onSelect} />
          {canReveal && (
            <label className="check small">
              <input type="checkbox" checked={revealed} onChange={(e) => setRevealed(e.target.checked)} /> Reveal the client secret where it is masked
            </label>
          )}
          <details open className="detail-section">
            <summary>Request</summary>
            {Object.keys(entry.query).length > 0 && (
              <>
                <h3 className="section-label">Query</h3>
                <HeadersTable headers={flatQuery(entry.query)} label="Query parameters" reveal={reveal} />
              </>
            )}
            <h3 className="section-label">Headers</h3>
            <HeadersTable headers={entry.request.headers} label="Request headers" reveal={reveal} />
            <h3 className="section-label">Body</h3>
            <BodyView body={entry.request.body} label="Request body" reveal={reveal} />
          </details>
          <details open className="detail-section">
            <summary>Response</summary>
            <h3 className="section-label">Headers</h3>
            <HeadersTable headers={entry.response.headers} label="Response headers" reveal={reveal} />
            <h3 className="section-label">Body</h3>
            <BodyView body={entry.response.body} label="Response body" reveal={reveal} />
          </details>
        </div>
      )}
    </section>
  );
}

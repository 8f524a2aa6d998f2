import { type FormEvent, useMemo, useState } from 'react';
import type { ReplayResult } from '../../../server/control/control-api';
import type { TrafficEntry } from '../../../server/traffic/traffic-entry';
import { useControl } from '../../state/control-context';
import { CopyButton } from '../../ui/copy-button';
import { ErrorMessage } from '../../ui/error-message';
import { Icon } from '../../ui/icons';
import { useAction } from '../../ui/use-action';
import { curlOf, type EditableRequest, fetchOf, requestOf, stillMasked, withEncodedBasic } from './request-snippets';

const headersText = (headers: Record<string, string>) =>
  Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}`)
    .join('\n');

function parseHeaders(text: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (line.trim() === '' || colon < 1) continue;
    headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  return headers;
}

/**
 * Replay, Edit and resend, Copy as cURL / fetch. The core sends the replay (so it works in the desktop app too);
 * `filled`: the entry is the one the core revealed the configured client secret in, which the replay then sends.
 */
export function ReplayPanel({
  entry,
  filled,
  baseUrl,
  onOpen,
}: {
  entry: TrafficEntry;
  filled: boolean;
  baseUrl: string;
  onOpen: (id: string) => void;
}) {
  const { api } = useControl();
  const shown: EditableRequest = useMemo(() => (filled ? withEncodedBasic(requestOf(entry)) : requestOf(entry)), [entry, filled]);
  const [editing, setEditing] = useState<{ method: string; path: string; headers: string; body: string } | null>(null);
  const [result, setResult] = useState<ReplayResult | null>(null);
  const replay = useAction(async (request?: EditableRequest) => {
    setResult(null);
    const answer = await api.replayTraffic({ id: entry.id, fillSecrets: filled, ...(request ? { request } : {}) });
    setResult(answer);
    return answer;
  });

  const send = (event: FormEvent) => {
    event.preventDefault();
    if (!editing) return;
    void replay.run({ method: editing.method, path: editing.path, headers: parseHeaders(editing.headers), body: editing.body });
  };

  return (
    <section className="replay" aria-labelledby={`replay-${entry.id}`}>
      <h3 className="section-label" id={`replay-${entry.id}`}>
        Send again
      </h3>
      <div className="row replay-actions">
        <button type="button" className="button secondary" onClick={() => void replay.run()} disabled={replay.busy}>
          <Icon name="refresh" /> {replay.busy && !editing ? 'Replaying…' : 'Replay'}
        </button>
        <button
          type="button"
          className="button secondary"
          aria-expanded={editing !== null}
          onClick={() =>
            setEditing(editing ? null : { method: shown.method, path: shown.path, headers: headersText(shown.headers), body: shown.body })
          }
        >
          Edit and resend
        </button>
        <CopyButton value={curlOf(shown, baseUrl)} label="Copy as cURL" text="Copy as cURL" />
        <CopyButton value={fetchOf(shown, baseUrl)} label="Copy as fetch" text="Copy as fetch" />
      </div>
      {stillMasked(shown) && (
        <p className="muted small">
          Values shown as •••• (codes, tokens, passwords{entry.revealable && !filled ? ', the client secret' : ''}) were never kept: a
          replay sends them as masked. Use Edit and resend to put real ones in.
        </p>
      )}
      {editing && (
        <form className="replay-form" onSubmit={send} aria-label="Edit and resend">
          <div className="replay-line">
            <label className="field method-field">
              <span className="field-label">Method</span>
              <input value={editing.method} onChange={(e) => setEditing({ ...editing, method: e.target.value })} spellCheck={false} />
            </label>
            <label className="field grow">
              <span className="field-label">Path and query</span>
              <input
                className="mono"
                value={editing.path}
                onChange={(e) => setEditing({ ...editing, path: e.target.value })}
                spellCheck={false}
              />
            </label>
          </div>
          <label className="field">
            <span className="field-label">Headers (one “Name: value” a line)</span>
            <textarea
              className="mono"
              rows={Math.min(8, editing.headers.split('\n').length + 1)}
              value={editing.headers}
              onChange={(e) => setEditing({ ...editing, headers: e.target.value })}
              spellCheck={false}
            />
          </label>
          <label className="field">
            <span className="field-label">Body</span>
            <textarea
              className="mono"
              rows={4}
              value={editing.body}
              onChange={(e) => setEditing({ ...editing, body: e.target.value })}
              spellCheck={false}
            />
          </label>
          <div className="form-actions">
            <button type="submit" className="button primary" disabled={replay.busy}>
              {replay.busy ? 'Sending…' : 'Send'}
            </button>
            <button type="button" className="button ghost" onClick={() => setEditing(null)}>
              Cancel
            </button>
          </div>
        </form>
      )}
      <ErrorMessage error={replay.error} prefix="Replay failed" />
      {result && (
        <p className="replay-result small" role="status">
          Sent again: answered <strong>{result.status}</strong>.{' '}
          <button type="button" className="link-button" onClick={() => onOpen(result.id)}>
            Open the new request
          </button>
        </p>
      )}
    </section>
  );
}

import { useMemo } from 'react';
import type { TrafficSummary } from '../../../server/traffic/traffic-entry';
import { mcpHostNames } from '../../state/host-names';
import { Icon } from '../../ui/icons';
import { isFailed } from './failed-request';
import { flowMessages, type Lane, lanes, upstreamLaneLabel } from './flow-messages';
import { clockTime, StatusBadge } from './traffic-row-parts';

const laneGap = 140;
const left = 62;
const top = 46;
const step = 40;
const laneX = (lane: Lane) => left + lanes.indexOf(lane) * laneGap;

/** One install as a sequence diagram ChatGPT ⇄ browser ⇄ Handshake ⇄ API, failures marked where they happened. */
export function FlowDiagram({
  flowId,
  rows,
  selectedId,
  onSelect,
  onClose,
}: {
  flowId: string;
  rows: readonly TrafficSummary[];
  selectedId: string | null;
  onSelect: (id: string) => void;
  onClose: () => void;
}) {
  const messages = useMemo(() => flowMessages(rows), [rows]);
  const upstreamLabel = upstreamLaneLabel(rows);
  const host = rows.find((row) => row.mcpHost)?.mcpHost;
  const hostLabel = host ? mcpHostNames[host] : 'ChatGPT';
  const width = left * 2 + laneGap * (lanes.length - 1);
  const height = top + messages.length * step + 24;
  const failures = rows.filter(isFailed).length;

  return (
    <section className="flow" aria-label="Flow">
      <header className="detail-header">
        <div className="detail-title">
          <Icon name="flow" />
          <span>
            Flow <code className="mono small">{flowId.slice(0, 8)}</code>
            {host && <span className="host-tag">{mcpHostNames[host]}</span>}
          </span>
          <span className="muted small">
            {rows.length} request{rows.length === 1 ? '' : 's'}
            {failures ? ` · ${failures} failed` : ''}
          </span>
        </div>
        <button type="button" className="button icon-button" onClick={onClose} aria-label="Close flow" title="Close flow">
          <Icon name="x" />
        </button>
      </header>
      <div className="flow-scroll">
        <svg
          className="flow-svg"
          viewBox={`0 0 ${width} ${height}`}
          style={{ maxWidth: width }}
          role="group"
          aria-label={`Sequence diagram of ${rows.length} requests${failures ? `, ${failures} failed` : ''}`}
        >
          <defs>
            <marker
              id="arrow"
              viewBox="0 0 10 10"
              refX="9"
              refY="5"
              markerUnits="userSpaceOnUse"
              markerWidth="9"
              markerHeight="9"
              orient="auto-start-reverse"
            >
              <path d="M0 0L10 5L0 10z" className="flow-arrowhead" />
            </marker>
            <marker
              id="arrow-failed"
              viewBox="0 0 10 10"
              refX="9"
              refY="5"
              markerUnits="userSpaceOnUse"
              markerWidth="9"
              markerHeight="9"
              orient="auto-start-reverse"
            >
              <path d="M0 0L10 5L0 10z" className="flow-arrowhead failed" />
            </marker>
          </defs>
          {lanes.map((lane) => (
            <g key={lane}>
              <rect x={laneX(lane) - 48} y={6} width={96} height={26} rx={6} className="flow-lane-box" />
              <text x={laneX(lane)} y={23} textAnchor="middle" className="flow-lane-label">
                {lane === 'API' ? upstreamLabel : lane === 'ChatGPT' ? hostLabel : lane}
              </text>
              <line x1={laneX(lane)} x2={laneX(lane)} y1={32} y2={height - 6} className="flow-lifeline" />
            </g>
          ))}
          {messages.map((message, i) => {
            const y = top + i * step + 18;
            const x1 = laneX(message.from);
            const x2 = laneX(message.to);
            const selected = message.entryId === selectedId;
            const klass = `flow-message${message.reply ? ' reply' : ''}${message.failed ? ' failed' : ''}${selected ? ' selected' : ''}`;
            return (
              <g
                key={i}
                className={klass}
                role="button"
                tabIndex={0}
                aria-label={`${message.from} to ${message.to}: ${message.label}${message.problem ? ` — ${message.problem}` : ''}`}
                aria-current={selected || undefined}
                onClick={() => onSelect(message.entryId)}
                onKeyDown={(event) => {
                  if (event.key !== 'Enter' && event.key !== ' ') return;
                  event.preventDefault();
                  onSelect(message.entryId);
                }}
              >
                <title>{message.problem ?? message.label}</title>
                <line x1={x1} x2={x2 + (x2 > x1 ? -2 : 2)} y1={y} y2={y} markerEnd={`url(#${message.failed ? 'arrow-failed' : 'arrow'})`} />
                <text x={(x1 + x2) / 2} y={y - 6} textAnchor="middle" className="flow-label">
                  {message.label}
                </text>
                {message.failed && (
                  <text x={x2 + (x2 > x1 ? 8 : -8)} y={y + 4} textAnchor={x2 > x1 ? 'start' : 'end'} className="flow-fail-mark">
                    ✕
                  </text>
                )}
              </g>
            );
          })}
        </svg>
      </div>
      <ol className="flow-steps" aria-label="Requests in this flow">
        {rows.map((row) => {
          const failed = isFailed(row);
          return (
            <li key={row.id}>
              <button
                type="button"
                className={`flow-step${row.id === selectedId ? ' selected' : ''}${failed ? ' failed' : ''}`}
                onClick={() => onSelect(row.id)}
                aria-current={row.id === selectedId || undefined}
              >
                <span className="mono small muted">{clockTime(row.time)}</span>
                <span className="mono">
                  {row.method} {row.path}
                </span>
                <StatusBadge status={row.status} />
                {failed && row.headline && <span className="flow-problem">{row.headline}</span>}
              </button>
            </li>
          );
        })}
      </ol>
    </section>
  );
}

import { useVirtualizer } from '@tanstack/react-virtual';
import { type KeyboardEvent, useEffect, useRef } from 'react';
import type { TrafficSummary } from '../../../server/traffic/traffic-entry';
import { mcpHostNames } from '../../state/host-names';
import { isFailed } from './failed-request';
import { clockTime, MethodBadge, NoteDot, StatusBadge } from './traffic-row-parts';

const rowHeight = 34;

/** The log as a virtualised listbox: only the visible rows exist, so 100,000 entries scroll like 100. */
export function TrafficList({
  rows,
  repeats,
  selectedId,
  onSelect,
}: {
  rows: readonly TrafficSummary[];
  /** Rows standing for identical consecutive requests: how many. */
  repeats?: ReadonlyMap<string, number>;
  selectedId: string | null;
  onSelect: (id: string) => void;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 12,
    initialRect: { width: 800, height: 600 },
    getItemKey: (index) => rows[index]?.id ?? index,
  });
  const selectedIndex = selectedId ? rows.findIndex((row) => row.id === selectedId) : -1;

  // Only when the selection changes, not when new rows shift indexes: the user's scroll position stays put.
  useEffect(() => {
    if (selectedIndex >= 0) virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
  }, [selectedId]);

  const onKeyDown = (event: KeyboardEvent) => {
    if (rows.length === 0) return;
    const moves: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: 15, PageUp: -15 };
    let next: number | null = null;
    if (event.key in moves) next = Math.min(rows.length - 1, Math.max(0, (selectedIndex < 0 ? -1 : selectedIndex) + moves[event.key]));
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = rows.length - 1;
    if (next === null) return;
    event.preventDefault();
    onSelect(rows[next].id);
  };

  return (
    <div
      ref={scrollRef}
      className="traffic-list"
      role="listbox"
      aria-label="Requests, newest first"
      tabIndex={0}
      onKeyDown={onKeyDown}
      aria-activedescendant={selectedIndex >= 0 ? `row-${rows[selectedIndex].id}` : undefined}
    >
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualizer.getVirtualItems().map((item) => {
          const row = rows[item.index];
          const selected = row.id === selectedId;
          const times = repeats?.get(row.id);
          return (
            <div
              key={item.key}
              id={`row-${row.id}`}
              role="option"
              aria-selected={selected}
              className={`traffic-row${selected ? ' selected' : ''}${isFailed(row) ? ' failed' : ''}`}
              style={{ transform: `translateY(${item.start}px)`, height: rowHeight }}
              onClick={() => onSelect(row.id)}
            >
              <span className="cell time mono">{clockTime(row.time)}</span>
              <span className="cell method-cell">
                <MethodBadge method={row.method} />
              </span>
              <span className="cell path mono" title={row.path}>
                {times && (
                  <span className="repeat-count" title={`${times} identical requests in a row (newest shown)`}>
                    ×{times}
                    <span className="visually-hidden"> identical requests in a row,</span>
                  </span>
                )}
                {row.path}
                {row.rpc && <span className="rpc"> {row.rpc}</span>}
              </span>
              <span className="cell kind">{row.kind}</span>
              <span className="cell status">
                <StatusBadge status={row.status} />
              </span>
              <span className="cell duration mono">{Math.round(row.durationMs)} ms</span>
              <span className="cell headline" title={row.headline ?? row.userEmail ?? ''}>
                {row.mcpHost && <span className="host-tag">{mcpHostNames[row.mcpHost]}</span>}
                <NoteDot level={row.worstNote} />
                {row.headline ?? row.userEmail ?? (row.worstNote === 'info' ? <span className="muted">note — open for details</span> : '')}
              </span>
            </div>
          );
        })}
      </div>
    </div>
  );
}

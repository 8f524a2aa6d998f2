import { type KeyboardEvent, type ReactNode, useRef } from 'react';

export interface Tab<T extends string> {
  id: T;
  label: ReactNode;
}

/**
 * WAI-ARIA tabs with automatic activation: arrows, Home and End move the selection and the focus together. The tab
 * with id X is `${idPrefix}-tab-X` and controls the element `panelId`.
 */
export function TabList<T extends string>({
  tabs,
  selected,
  onSelect,
  label,
  idPrefix,
  panelId,
  before,
  className = 'tabs',
}: {
  tabs: readonly Tab<T>[];
  selected: T;
  onSelect: (id: T) => void;
  label: string;
  idPrefix: string;
  panelId: string;
  /** Shown in the tab list before the tabs (e.g. a note on the selected one). */
  before?: ReactNode;
  className?: string;
}) {
  const refs = useRef<Partial<Record<T, HTMLButtonElement | null>>>({});
  const onKey = (event: KeyboardEvent) => {
    const at = tabs.findIndex((tab) => tab.id === selected);
    const moves: Record<string, number> = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: tabs.length - 1 };
    if (!(event.key in moves)) return;
    event.preventDefault();
    const next = tabs[(moves[event.key] + tabs.length) % tabs.length].id;
    onSelect(next);
    refs.current[next]?.focus();
  };
  return (
    <div className={className} role="tablist" aria-label={label}>
      {before}
      {tabs.map(({ id, label: tabLabel }) => (
        <button
          key={id}
          type="button"
          role="tab"
          id={`${idPrefix}-tab-${id}`}
          aria-selected={selected === id}
          aria-controls={panelId}
          tabIndex={selected === id ? 0 : -1}
          className={`tab${selected === id ? ' active' : ''}`}
          ref={(element) => {
            refs.current[id] = element;
          }}
          onClick={() => onSelect(id)}
          onKeyDown={onKey}
        >
          {tabLabel}
        </button>
      ))}
    </div>
  );
}

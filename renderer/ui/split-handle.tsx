import { type KeyboardEvent, type PointerEvent, useRef } from 'react';

/**
 * The draggable divider between two panes (WAI-ARIA window splitter): drag it, or focus it and use the arrow keys,
 * Home and End. `size` is the second pane's width (vertical divider) or height (horizontal one), in pixels.
 */
export function SplitHandle({
  orientation,
  size,
  min,
  max,
  label,
  controls,
  onResize,
}: {
  orientation: 'vertical' | 'horizontal';
  size: number;
  min: number;
  max: number;
  label: string;
  controls: string;
  onResize: (size: number) => void;
}) {
  const drag = useRef<{ start: number; size: number } | null>(null);
  const clamp = (value: number) => Math.round(Math.min(max, Math.max(min, value)));
  const position = (event: PointerEvent) => (orientation === 'vertical' ? event.clientX : event.clientY);

  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    event.currentTarget.setPointerCapture(event.pointerId);
    drag.current = { start: position(event), size };
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    if (!drag.current) return;
    // The second pane grows as the divider moves towards the start.
    onResize(clamp(drag.current.size - (position(event) - drag.current.start)));
  };
  const onPointerUp = () => {
    drag.current = null;
  };
  const onKeyDown = (event: KeyboardEvent) => {
    const step = event.shiftKey ? 120 : 32;
    const keys: Record<string, number> =
      orientation === 'vertical' ? { ArrowLeft: size + step, ArrowRight: size - step } : { ArrowUp: size + step, ArrowDown: size - step };
    let next: number | undefined = keys[event.key];
    if (event.key === 'Home') next = max;
    if (event.key === 'End') next = min;
    if (next === undefined) return;
    event.preventDefault();
    onResize(clamp(next));
  };

  return (
    <div
      className={`split-handle split-${orientation}`}
      role="separator"
      tabIndex={0}
      aria-label={label}
      aria-controls={controls}
      aria-orientation={orientation}
      aria-valuemin={min}
      aria-valuemax={max}
      aria-valuenow={clamp(size)}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerUp}
      onKeyDown={onKeyDown}
    />
  );
}

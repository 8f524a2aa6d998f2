import type { ControlApi, ControlEvent } from '../server/control/control-api';

export interface EventBatcherOptions {
  control: Pick<ControlApi, 'subscribe'>;
  send(batch: ControlEvent[]): void;
  /** Flush at the latest this long after the first queued event. */
  intervalMs?: number;
  /** Flush at once when this many events are queued. */
  maxBatch?: number;
}

/**
 * Forwards ControlEvents to the window in small batches: a burst of traffic becomes a few IPC messages instead of
 * thousands, while a lone event still arrives within intervalMs. Returns the stop function (flushes what is queued).
 */
export function startEventBatcher({ control, send, intervalMs = 50, maxBatch = 100 }: EventBatcherOptions): () => void {
  let queue: ControlEvent[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;

  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (queue.length === 0) return;
    const batch = queue;
    queue = [];
    send(batch);
  };

  const unsubscribe = control.subscribe((event) => {
    queue.push(event);
    if (queue.length >= maxBatch) flush();
    else timer ??= setTimeout(flush, intervalMs);
  });

  return () => {
    unsubscribe();
    flush();
  };
}

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startEventBatcher } from '../../electron/event-batcher';
import type { ControlEvent } from '../../server/control/control-api';
import { FakeControlApi } from '../server/control-http/fake-control-api';

const changed = (n: number): ControlEvent => ({ type: 'changed', resource: n % 2 ? 'users' : 'grants' });

describe('event batcher', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('sends a lone event within the interval', () => {
    const control = new FakeControlApi();
    const batches: ControlEvent[][] = [];
    startEventBatcher({ control, send: (b) => batches.push(b), intervalMs: 50 });
    control.emit({ type: 'traffic-cleared' });
    expect(batches).toEqual([]);
    vi.advanceTimersByTime(50);
    expect(batches).toEqual([[{ type: 'traffic-cleared' }]]);
  });

  it('turns a burst into batches of at most maxBatch, in order, none lost', () => {
    const control = new FakeControlApi();
    const batches: ControlEvent[][] = [];
    startEventBatcher({ control, send: (b) => batches.push(b), intervalMs: 50, maxBatch: 100 });
    const events = Array.from({ length: 250 }, (_, i) => changed(i));
    for (const event of events) control.emit(event);
    vi.advanceTimersByTime(50);
    expect(batches.map((b) => b.length)).toEqual([100, 100, 50]);
    expect(batches.flat()).toEqual(events);
  });

  it('flushes what is queued and unsubscribes when stopped', () => {
    const control = new FakeControlApi();
    const batches: ControlEvent[][] = [];
    const stop = startEventBatcher({ control, send: (b) => batches.push(b) });
    control.emit({ type: 'traffic-cleared' });
    stop();
    expect(batches).toEqual([[{ type: 'traffic-cleared' }]]);
    expect(control.subscriberCount).toBe(0);
    vi.advanceTimersByTime(1000);
    expect(batches).toHaveLength(1);
  });
});

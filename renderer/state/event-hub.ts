import type { ControlEvent } from '../../server/control/control-api';
import type { Bridge } from '../bridge/bridge';

/**
 * One bridge subscription fanned out to every part of the UI. The bridge is subscribed when the first listener
 * joins, so a hook that adds its listener and then fetches a snapshot never misses an event in between; it is
 * unsubscribed when the last one leaves (StrictMode's mount → unmount → mount included).
 */
export class EventHub {
  private readonly listeners = new Set<(event: ControlEvent) => void>();
  private unsubscribe: (() => void) | null = null;

  constructor(private readonly bridge: Bridge) {}

  add(listener: (event: ControlEvent) => void): () => void {
    this.listeners.add(listener);
    this.unsubscribe ??= this.bridge.subscribe((event) => {
      for (const each of [...this.listeners]) each(event);
    });
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) {
        this.unsubscribe?.();
        this.unsubscribe = null;
      }
    };
  }
}

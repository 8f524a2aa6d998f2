import { useSyncExternalStore } from 'react';
import { useControl } from './control-context';
import type { TrafficSnapshot } from './traffic-store';

export function useTraffic(): TrafficSnapshot {
  const { traffic } = useControl();
  return useSyncExternalStore(traffic.subscribe, traffic.getSnapshot);
}

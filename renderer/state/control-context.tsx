import { createContext, type ReactNode, useContext, useEffect, useMemo, useState } from 'react';
import type { Bridge, ConnectionState } from '../bridge/bridge';
import { EventHub } from './event-hub';
import { TrafficStore } from './traffic-store';

interface ControlContextValue {
  api: Bridge;
  hub: EventHub;
  traffic: TrafficStore;
  connection: ConnectionState;
  /** Bumped when the event stream comes back after a drop: snapshots refetch. */
  resyncs: number;
}

const ControlContext = createContext<ControlContextValue | null>(null);

export function ControlProvider({ bridge, children }: { bridge: Bridge; children: ReactNode }) {
  const hub = useMemo(() => new EventHub(bridge), [bridge]);
  const traffic = useMemo(() => new TrafficStore(bridge, hub), [bridge, hub]);
  const [connection, setConnection] = useState<ConnectionState>(bridge.onConnectionChange ? 'connecting' : 'online');
  const [resyncs, setResyncs] = useState(0);

  useEffect(() => {
    if (!bridge.onConnectionChange) return;
    let wasDown = false;
    return bridge.onConnectionChange((state) => {
      setConnection(state);
      if (state === 'reconnecting') wasDown = true;
      if (state === 'online' && wasDown) {
        wasDown = false;
        setResyncs((n) => n + 1);
        traffic.reload();
      }
    });
  }, [bridge, traffic]);

  const value = useMemo(() => ({ api: bridge, hub, traffic, connection, resyncs }), [bridge, hub, traffic, connection, resyncs]);
  return <ControlContext.Provider value={value}>{children}</ControlContext.Provider>;
}

export function useControl(): ControlContextValue {
  const value = useContext(ControlContext);
  if (!value) throw new Error('useControl outside ControlProvider');
  return value;
}

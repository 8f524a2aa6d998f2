import type { ControlApi } from '../../server/control/control-api';

/** online: events flow; reconnecting: the stream dropped and will retry (refetch when back); unauthorized: bad token. */
export type ConnectionState = 'connecting' | 'online' | 'reconnecting' | 'unauthorized';

/** A ControlApi plus, when the transport can drop, its connection state (IPC never drops, so it has none). */
export interface Bridge extends ControlApi {
  onConnectionChange?(listener: (state: ConnectionState) => void): () => void;
}

declare global {
  interface Window {
    /** Exposed by the Electron preload. */
    handshake?: ControlApi;
  }
}

import type { TunnelProblem } from './tunnel-errors';

/** The seam between Handshake and a tunnel service: @ngrok/ngrok or the cloudflared binary in production, a fake in tests. */
export const tunnelProviderNames = ['ngrok', 'cloudflare'] as const;
export type TunnelProviderName = (typeof tunnelProviderNames)[number];

export interface TunnelOpenOptions {
  /** ngrok's authtoken; cloudflared's quick tunnels take none. */
  authtoken?: string;
  /** Reserved domain, or undefined for a random one. */
  domain?: string;
  /** host:port of the public listener — the only thing a tunnel may reach. */
  forwardTo: string;
  /**
   * The service lost or regained its connection after open() resolved, or the session ended by itself ('closed', e.g.
   * stopped from the ngrok dashboard, or the cloudflared process died). `detail` is the service's own words, or the
   * problem already put in plain words by the provider.
   */
  /** Aborted when the caller gives up waiting (timeout, stop, restart): a provider that started a process ends it. */
  signal?: AbortSignal;
  onConnectionChange(state: 'reconnecting' | 'online' | 'closed', detail?: string | TunnelProblem): void;
}

export interface TunnelSession {
  /** https://<domain> */
  url: string;
  close(): Promise<void>;
}

export interface TunnelProvider {
  /**
   * Rejects with the service's error (mapped to advice by describeTunnelError; a TunnelProblemError is already in
   * plain words). May hang: callers time it out.
   */
  open(options: TunnelOpenOptions): Promise<TunnelSession>;
}

/** The seam between Handshake and a tunnel service: @ngrok/ngrok in production, a fake in tests. */
export interface TunnelOpenOptions {
  authtoken: string;
  /** Reserved domain, or undefined for a random one. */
  domain?: string;
  /** host:port of the public listener — the only thing a tunnel may reach. */
  forwardTo: string;
  /**
   * The service lost or regained its connection after open() resolved, or ended the session itself
   * ('closed', e.g. stopped from the ngrok dashboard). `detail` is the service's own words.
   */
  onConnectionChange(state: 'reconnecting' | 'online' | 'closed', detail?: string): void;
}

export interface TunnelSession {
  /** https://<domain> */
  url: string;
  close(): Promise<void>;
}

export interface TunnelProvider {
  /** Rejects with the service's error (mapped to advice by describeTunnelError). May hang: callers time it out. */
  open(options: TunnelOpenOptions): Promise<TunnelSession>;
}

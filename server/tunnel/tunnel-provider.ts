/** The seam between Handshake and a tunnel service: @ngrok/ngrok in production, a fake in tests. */
export interface TunnelOpenOptions {
  authtoken: string;
  /** Reserved domain, or undefined for a random one. */
  domain?: string;
  /** host:port of the public listener — the only thing a tunnel may reach. */
  forwardTo: string;
  /** The service lost or regained its connection after open() resolved. */
  onConnectionChange(state: 'reconnecting' | 'online', detail?: string): void;
}

export interface TunnelSession {
  /** https://<domain> */
  url: string;
  close(): Promise<void>;
}

export interface TunnelProvider {
  open(options: TunnelOpenOptions): Promise<TunnelSession>;
}

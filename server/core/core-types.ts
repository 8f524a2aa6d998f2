import type { ControlApi } from '../control/control-api';
import type { CimdFetcher } from '../oauth/clients/cimd-fetcher';
import type { LoginThrottle } from '../public/login-throttle';
import type { TunnelProvider } from '../tunnel/tunnel-provider';

/** Encrypts secrets at rest. Desktop passes one backed by Electron's safeStorage; headless keeps plain 0600 files. */
export interface SecretBox {
  readonly encrypted: boolean;
  seal(plain: string): string;
  open(sealed: string): string;
}

export interface CoreOptions {
  /** Holds the JSON store, traffic history, control token and ngrok authtoken. */
  dataDir: string;
  mode: 'desktop' | 'headless';
  /** Public listener port on 127.0.0.1; 0 picks a free one. Default 3030. */
  port?: number;
  /** Overrides settings.publicUrl for this run (CLI --public-url). */
  publicUrl?: string;
  /** JSON config applied at start (CLI --config). */
  configFile?: string;
  secretBox?: SecretBox;
  /** The tunnel seam; defaults to the @ngrok/ngrok provider. */
  tunnelProvider?: TunnelProvider;
  /** The Cloudflare quick-tunnel seam; defaults to cloudflared found from Settings, PATH or node_modules. */
  cloudflareProvider?: TunnelProvider;
  /** The login form's throttle; tests pass one with their own clock. */
  loginThrottle?: LoginThrottle;
  /** Fetches Client ID Metadata Documents; tests pass one that trusts a test CA and reaches loopback. */
  cimdFetcher?: CimdFetcher;
  /** One line per startup message (first-run credentials, moved-aside files). Default: console.log. */
  log?: (line: string) => void;
}

export interface Core {
  readonly control: ControlApi;
  /** Opens the public listener (createCore has already opened the store). Throws PortInUseError when the port is taken. */
  start(): Promise<void>;
  /** Stops the tunnel, closes listeners, flushes store and traffic log. Idempotent. */
  stop(): Promise<void>;
  /** http://127.0.0.1:<port> of the public listener (after start). */
  readonly localUrl: string;
  /** Tells the core where the loopback HTTP control API listens and its token (or null when closed), for status. */
  setControlUrl(url: string | null, token?: string): void;
}

export class PortInUseError extends Error {
  constructor(readonly port: number) {
    super(`port ${port} is already in use`);
  }
}

import type { TunnelOpenOptions, TunnelProvider, TunnelSession } from './tunnel-provider';

/**
 * The tunnel through the official @ngrok/ngrok SDK, in-process: one session, one HTTPS endpoint,
 * forwarding to the public listener only. The SDK is loaded on first use so that a platform without its
 * native binary still runs everything else (the failure then shows up as the tunnel's error).
 */
export class NgrokProvider implements TunnelProvider {
  constructor(
    private readonly options: {
      clientVersion?: string;
      /** host:port of ngrok's agent ingress; only for tests and custom ingress setups. */
      serverAddr?: string;
    } = {},
  ) {}

  async open({ authtoken, domain, forwardTo, onConnectionChange }: TunnelOpenOptions): Promise<TunnelSession> {
    const ngrok = await import('@ngrok/ngrok');
    let online = false;
    let closed = false;
    let reconnecting = false;

    const builder = new ngrok.SessionBuilder();
    if (this.options.serverAddr) builder.serverAddr(this.options.serverAddr);
    const session = await builder
      .authtoken(authtoken ?? '')
      .clientInfo('handshake', this.options.clientVersion ?? '0')
      // Called on every lost connection; returning true lets the SDK reconnect (false would throw uncaught).
      .handleDisconnection((_address, error) => {
        if (online && !closed && !reconnecting) {
          reconnecting = true;
          onConnectionChange('reconnecting', error);
        }
        return true;
      })
      // The first heartbeat after a reconnect is the sign the session is back.
      .handleHeartbeat(() => {
        if (reconnecting && !closed) {
          reconnecting = false;
          onConnectionChange('online');
        }
      })
      .handleStopCommand(() => {
        if (!closed) onConnectionChange('closed', 'the ngrok dashboard stopped this agent');
      })
      .connect();

    try {
      let endpoint = session.httpEndpoint();
      if (domain) endpoint = endpoint.domain(domain);
      const listener = await endpoint.listenAndForward(`http://${forwardTo}`);
      const url = listener.url();
      if (!url) throw new Error('ngrok opened the endpoint but reported no URL');
      online = true;
      return {
        url,
        close: async () => {
          if (closed) return;
          closed = true;
          await listener.close().catch(() => undefined);
          await session.close();
        },
      };
    } catch (error) {
      closed = true;
      await session.close().catch(() => undefined);
      throw error;
    }
  }
}

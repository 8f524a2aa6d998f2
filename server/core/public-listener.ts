import { createServer, type RequestListener, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { PortInUseError } from './core-types';

/** The public HTTP listener on 127.0.0.1, with a close that does not wait for idle keep-alive sockets. */
export class PublicListener {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(private readonly handler: RequestListener) {}

  async listen(port: number): Promise<number> {
    const server = createServer({ keepAliveTimeout: 5000 }, this.handler);
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error: NodeJS.ErrnoException) =>
        reject(error.code === 'EADDRINUSE' || error.code === 'EACCES' ? new PortInUseError(port) : error),
      );
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    const address = server.address();
    this.port = typeof address === 'object' && address ? address.port : port;
    return this.port;
  }

  get listening(): boolean {
    return this.server !== null;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const force = setTimeout(() => {
      for (const socket of this.sockets) socket.destroy();
    }, 2000);
    await closed;
    clearTimeout(force);
  }
}

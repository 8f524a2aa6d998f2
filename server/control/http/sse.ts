import type { Request, Response } from 'express';

export interface EventStreamOptions {
  /** Comment lines keep proxies and idle timers from closing a quiet stream. */
  heartbeatMs: number;
  /** A client that stops reading is dropped once this much is queued for it, rather than grow memory forever. */
  maxQueuedBytes: number;
}

export interface EventStream {
  send(data: unknown, event?: string): void;
  close(): void;
}

/**
 * Opens a Server-Sent Events response: headers go out at once, each message is written unbuffered, and
 * `onClose` runs exactly once, whether the client went away or the server closed the stream.
 */
export function openEventStream(req: Request, res: Response, options: EventStreamOptions, onClose: () => void): EventStream {
  res.status(200);
  res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
  res.setHeader('Cache-Control', 'no-cache, no-store, no-transform');
  res.setHeader('Connection', 'keep-alive');
  res.setHeader('X-Accel-Buffering', 'no');
  res.flushHeaders();
  req.socket.setNoDelay(true);
  req.socket.setTimeout(0);
  res.write(': connected\n\n');

  let closed = false;
  const heartbeat = setInterval(() => write(': heartbeat\n\n'), options.heartbeatMs);
  heartbeat.unref();

  function finish() {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    onClose();
  }

  function write(chunk: string) {
    if (closed) return;
    if (res.writableLength > options.maxQueuedBytes) {
      stream.close();
      return;
    }
    res.write(chunk);
  }

  res.on('close', finish);

  const stream: EventStream = {
    send(data, event) {
      write(`${event ? `event: ${event}\n` : ''}data: ${JSON.stringify(data)}\n\n`);
    },
    close() {
      finish();
      res.end();
    },
  };
  return stream;
}

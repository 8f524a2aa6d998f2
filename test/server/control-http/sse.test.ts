import { request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { type EventStream, openEventStream } from '../../../server/control/http/sse';
import { waitUntil } from '../support/wait-until';

describe('openEventStream', () => {
  let server: Server | undefined;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('drops a client that stops reading instead of queueing without bound', async () => {
    let stream: EventStream | undefined;
    let closed = false;
    const app = express();
    app.get('/stream', (req, res) => {
      stream = openEventStream(req, res, { heartbeatMs: 60_000, maxQueuedBytes: 256 * 1024 }, () => {
        closed = true;
      });
    });
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server!.once('listening', resolve));
    const { port } = server.address() as AddressInfo;

    // A client that reads the headers and then nothing more.
    await new Promise<void>((resolve) => {
      request({ host: '127.0.0.1', port, path: '/stream' }, (res) => {
        res.pause();
        resolve();
      }).end();
    });
    await waitUntil(() => stream !== undefined);

    const chunk = 'x'.repeat(64 * 1024);
    for (let sent = 0; sent < 4000 && !closed; sent++) {
      stream!.send(chunk);
      if (sent % 50 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    expect(closed).toBe(true);
  });
});

import { createHash } from 'node:crypto';
import { get as httpGet, request as httpRequest, type ServerResponse } from 'node:http';
import express from 'express';
import { gatewayApp, goodToken, listen, settingsWith } from './gateway-harness';

const megabyte = 1024 * 1024;
const bearer = { authorization: `Bearer ${goodToken}` };
let closers: (() => Promise<void>)[];

beforeEach(() => {
  closers = [];
});
afterEach(async () => {
  for (const close of closers.reverse()) await close();
});

/** Deterministic content so the test can check every byte arrived in order. */
function chunkNumber(index: number): Buffer {
  return Buffer.alloc(megabyte, index % 251);
}

async function writeWithBackpressure(res: ServerResponse, chunk: Buffer): Promise<void> {
  if (!res.write(chunk)) await new Promise((resolve) => res.once('drain', resolve));
}

describe('gateway streaming', () => {
  it('streams a 20 MB answer: the client has the first bytes before the upstream writes the rest', async () => {
    let releaseRest!: () => void;
    const firstBytesArrived = new Promise<void>((resolve) => (releaseRest = resolve));
    let upstreamFinished = false;
    const expected = createHash('sha256');
    for (let index = 0; index < 20; index++) expected.update(chunkNumber(index));

    const upstream = await listen(
      express().get('/big', async (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        await writeWithBackpressure(res, chunkNumber(0));
        // If the gateway buffered the whole answer, the client would never see these bytes and this would wait forever.
        await firstBytesArrived;
        for (let index = 1; index < 20; index++) await writeWithBackpressure(res, chunkNumber(index));
        upstreamFinished = true;
        res.end();
      }),
    );
    closers.push(upstream.close);
    const { app } = gatewayApp(() => settingsWith(upstream.url));
    const gateway = await listen(app);
    closers.push(gateway.close);

    const received = createHash('sha256');
    let size = 0;
    let finishedBeforeFirstBytes: boolean | null = null;
    await new Promise<void>((resolve, reject) => {
      httpGet(`${gateway.url}/big`, { headers: bearer }, (res) => {
        expect(res.statusCode).toBe(200);
        res.on('data', (chunk: Buffer) => {
          if (finishedBeforeFirstBytes === null) {
            finishedBeforeFirstBytes = upstreamFinished;
            releaseRest();
          }
          size += chunk.length;
          received.update(chunk);
        });
        res.on('end', resolve);
        res.on('error', reject);
      }).on('error', reject);
    });

    expect(finishedBeforeFirstBytes).toBe(false);
    expect(size).toBe(20 * megabyte);
    expect(received.digest('hex')).toBe(expected.digest('hex'));
  });

  it('streams a large upload to the upstream intact', async () => {
    const upstream = await listen(
      express().put('/upload', (req, res) => {
        const hash = createHash('sha256');
        let size = 0;
        req.on('data', (chunk: Buffer) => {
          size += chunk.length;
          hash.update(chunk);
        });
        req.on('end', () => {
          res.json({ size, sha256: hash.digest('hex') });
        });
      }),
    );
    closers.push(upstream.close);
    const { app } = gatewayApp(() => settingsWith(upstream.url));
    const gateway = await listen(app);
    closers.push(gateway.close);

    const expected = createHash('sha256');
    const body = await new Promise<string>((resolve, reject) => {
      const req = httpRequest(
        `${gateway.url}/upload`,
        { method: 'PUT', headers: { ...bearer, 'content-type': 'application/octet-stream' } },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => resolve(text));
        },
      );
      req.on('error', reject);
      void (async () => {
        for (let index = 0; index < 8; index++) {
          const chunk = chunkNumber(index);
          expected.update(chunk);
          if (!req.write(chunk)) await new Promise((resolveDrain) => req.once('drain', resolveDrain));
        }
        req.end();
      })();
    });
    expect(JSON.parse(body)).toEqual({ size: 8 * megabyte, sha256: expected.digest('hex') });
  });

  it('cuts the answer (no hang) and notes it when the upstream dies in the middle', async () => {
    const upstream = await listen(
      express().get('/dies', (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.write('partial answer ');
        setTimeout(() => res.socket?.destroy(), 50);
      }),
    );
    closers.push(upstream.close);
    const { app, recorded } = gatewayApp(() => settingsWith(upstream.url));
    const gateway = await listen(app);
    closers.push(gateway.close);

    const startedAt = Date.now();
    const outcome = await new Promise<string>((resolve) => {
      httpGet(`${gateway.url}/dies`, { headers: bearer }, (res) => {
        res.on('data', () => undefined);
        res.on('end', () => resolve('ended'));
        res.on('aborted', () => resolve('aborted'));
        res.on('error', () => resolve('error'));
      }).on('error', () => resolve('error'));
    });
    expect(Date.now() - startedAt).toBeLessThan(3000);
    expect(['aborted', 'error']).toContain(outcome);
    await vi.waitFor(() => expect(recorded).toHaveLength(1));
    expect(recorded[0].traffic.notes.map((note) => note.code)).toEqual(['upstream_aborted']);
  });

  it('does not blame the upstream when the client leaves in the middle', async () => {
    let upstreamRequestClosed!: () => void;
    const upstreamSawClose = new Promise<void>((resolve) => (upstreamRequestClosed = resolve));
    const upstream = await listen(
      express().get('/long', (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.write('first part ');
        res.on('close', upstreamRequestClosed);
      }),
    );
    closers.push(upstream.close);
    const { app, recorded } = gatewayApp(() => settingsWith(upstream.url));
    const gateway = await listen(app);
    closers.push(gateway.close);

    await new Promise<void>((resolve) => {
      const req = httpGet(`${gateway.url}/long`, { headers: bearer }, (res) => {
        res.once('data', () => {
          req.destroy();
          resolve();
        });
      });
      req.on('error', () => undefined);
    });
    await upstreamSawClose;
    await vi.waitFor(() => expect(recorded).toHaveLength(1));
    expect(recorded[0].traffic.notes.map((note) => note.code)).not.toContain('upstream_aborted');
  });
});

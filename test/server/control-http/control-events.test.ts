import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { summarize } from '../../../server/traffic/traffic-summary';
import { waitUntil } from '../support/wait-until';
import { type RunningControlServer, startTestControlServer } from './control-server-fixture';
import { trafficEntry } from './fake-control-api';
import { openSse, send } from './http-client';

describe('control API event streams (SSE)', () => {
  let running: RunningControlServer;

  beforeEach(async () => {
    running = await startTestControlServer({ heartbeatMs: 100 });
  });
  afterEach(() => running.stop());

  it('GET /api/events needs the token', async () => {
    const response = await send(running.server.url, '/api/events');
    expect(response.status).toBe(401);
    expect(running.control.subscriberCount).toBe(0);
  });

  it('GET /api/traffic/stream needs the token', async () => {
    const response = await send(running.server.url, '/api/traffic/stream', { headers: { Authorization: 'Bearer nope' } });
    expect(response.status).toBe(401);
  });

  it('GET /api/events streams every ControlEvent as data: <json>, within a second', async () => {
    const stream = await openSse(running.server.url, '/api/events', running.auth);
    expect(stream.status).toBe(200);
    expect(stream.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(stream.headers['cache-control']).toMatch(/no-transform/);
    expect(stream.headers['content-encoding']).toBeUndefined();

    running.control.emit({ type: 'changed', resource: 'users' });
    const entry = trafficEntry('t1');
    running.control.addTraffic(entry);
    running.control.emit({ type: 'traffic-cleared' });

    expect(await stream.next(1000)).toEqual({ event: null, data: JSON.stringify({ type: 'changed', resource: 'users' }) });
    expect(JSON.parse((await stream.next(1000)).data)).toEqual({ type: 'traffic', entry, summary: summarize(entry) });
    expect(JSON.parse((await stream.next(1000)).data)).toEqual({ type: 'traffic-cleared' });
    stream.close();
  });

  it('GET /api/traffic/stream streams only traffic entries, as event: traffic', async () => {
    const stream = await openSse(running.server.url, '/api/traffic/stream', running.auth);
    expect(stream.status).toBe(200);

    running.control.emit({ type: 'changed', resource: 'settings' });
    running.control.emit({ type: 'traffic-cleared' });
    const entry = trafficEntry('t9', { kind: 'api', path: '/todos' });
    running.control.addTraffic(entry);

    const message = await stream.next(1000);
    expect(message.event).toBe('traffic');
    expect(JSON.parse(message.data)).toEqual(entry);
    stream.close();
  });

  it('sends heartbeat comments', async () => {
    const stream = await openSse(running.server.url, '/api/events', running.auth);
    await waitUntil(() => stream.raw().includes(': heartbeat\n\n'), 2000);
    stream.close();
  });

  it('unsubscribes when the client disconnects', async () => {
    const first = await openSse(running.server.url, '/api/events', running.auth);
    const second = await openSse(running.server.url, '/api/traffic/stream', running.auth);
    expect(running.control.subscriberCount).toBe(2);

    first.close();
    await waitUntil(() => running.control.subscriberCount === 1);
    second.close();
    await waitUntil(() => running.control.subscriberCount === 0);
  });

  it('close() ends open streams, unsubscribes them and resolves', async () => {
    const stream = await openSse(running.server.url, '/api/events', running.auth);
    expect(running.control.subscriberCount).toBe(1);
    await running.server.close();
    await stream.ended;
    expect(running.control.subscriberCount).toBe(0);
  });

  it('is not confused with a traffic entry id', async () => {
    running.control.calls.length = 0;
    const stream = await openSse(running.server.url, '/api/traffic/stream', running.auth);
    expect(running.control.calls).toEqual([]);
    stream.close();
  });
});

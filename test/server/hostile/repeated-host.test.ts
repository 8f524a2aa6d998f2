import { afterAll, beforeAll, expect, test } from 'vitest';
import { markedRequest } from '../support/control-client';
import { startTestCore, type TestCore } from '../support/test-core';
import { sendRaw } from './support/raw-http';

/**
 * RFC 9112 §3.2: a request with more than one Host header is refused with 400 on both listeners. Node keeps only the
 * first in req.headers.host, so without this the second one (or the first) is silently ignored.
 */

let running: TestCore;

beforeAll(async () => {
  running = await startTestCore();
});

afterAll(async () => {
  await running?.close();
});

function port(url: string): number {
  return Number(new URL(url).port);
}

function request(path: string, hosts: string[], extra: string[] = []): string {
  return [`GET ${path} HTTP/1.1`, ...hosts.map((host) => `Host: ${host}`), ...extra, 'Connection: close', '', ''].join('\r\n');
}

test('the control listener refuses two Host headers, even when the first is its own', async () => {
  const control = port(running.controlUrl);
  const auth = `Authorization: Bearer ${running.token}`;
  const single = await sendRaw(control, request('/api/status', [`127.0.0.1:${control}`], [auth]));
  expect(single.status).toBe(200);

  const twice = await sendRaw(control, request('/api/status', [`127.0.0.1:${control}`, 'evil.example'], [auth]));
  expect(twice.status).toBe(400);
  expect(JSON.parse(twice.text).error.message).toMatch(/more than one Host header/);
});

test('the public listener refuses two Host headers with an OAuth-style error, and the traffic log says why', async () => {
  const publicPort = port(running.publicUrl);
  const path = '/.well-known/ai-plugin.json';
  expect((await sendRaw(publicPort, request(path, [`127.0.0.1:${publicPort}`]))).status).toBe(200);

  const { mark } = markedRequest();
  const twice = await sendRaw(publicPort, request(path, ['plugin.example', `127.0.0.1:${publicPort}`], [`x-test-mark: ${mark}`]));
  expect(twice.status).toBe(400);
  expect(JSON.parse(twice.text)).toEqual({ error: 'invalid_request', error_description: 'more than one Host header' });
  const entry = await running.api.entryMarked(mark);
  expect(entry.notes.map((note) => note.code)).toContain('host_repeated');
});

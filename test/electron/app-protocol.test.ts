import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAppProtocolHandler, isAppUrl, resolveAppFile } from '../../electron/app-protocol';

let rendererDir: string;
let handle: (request: Request) => Promise<Response>;

beforeAll(() => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'handshake-protocol-'));
  rendererDir = path.join(root, 'renderer');
  mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Handshake</title>');
  writeFileSync(path.join(rendererDir, 'assets', 'index-abc.js'), 'console.log(1)');
  writeFileSync(path.join(root, 'secret.txt'), 'not for the page');
  handle = createAppProtocolHandler(rendererDir);
});

describe('app:// protocol', () => {
  it('serves the dashboard with a strict CSP header', async () => {
    const response = await handle(new Request('app://handshake/index.html'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await response.text()).toContain('<title>Handshake</title>');
    const csp = response.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/unsafe-(inline|eval)/);
    expect(csp).toContain("frame-ancestors 'none'");
  });

  it('serves the bundled scripts with their type', async () => {
    const response = await handle(new Request('app://handshake/assets/index-abc.js'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/javascript');
  });

  it('serves / as index.html', async () => {
    expect((await handle(new Request('app://handshake/'))).status).toBe(200);
  });

  it('serves nothing outside the renderer folder', async () => {
    for (const url of [
      'app://handshake/../secret.txt',
      'app://handshake/%2e%2e/secret.txt',
      'app://handshake/assets/..%2f..%2fsecret.txt',
      'app://other/index.html',
    ]) {
      const response = await handle(new Request(url));
      expect(response.status, url).toBe(404);
      expect(await response.text()).not.toContain('not for the page');
    }
    expect(resolveAppFile(rendererDir, 'app://handshake/%2e%2e%2fsecret.txt')).toBeNull();
    expect((await handle(new Request('app://handshake/missing.js'))).status).toBe(404);
  });

  it('knows its own URLs', () => {
    expect(isAppUrl('app://handshake/index.html#/traffic')).toBe(true);
    expect(isAppUrl('app://evil/index.html')).toBe(false);
    expect(isAppUrl('file:///index.html')).toBe(false);
    expect(isAppUrl('not a url')).toBe(false);
  });
});

import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningControlServer, startTestControlServer } from './control-server-fixture';
import { send } from './http-client';

const indexHtml = '<!doctype html><title>Handshake dashboard</title><script type="module" src="/assets/app.js"></script>';

describe('static dashboard', () => {
  let staticDir: string;

  beforeAll(async () => {
    staticDir = await mkdtemp(join(tmpdir(), 'handshake-renderer-'));
    await mkdir(join(staticDir, 'assets'));
    await writeFile(join(staticDir, 'index.html'), indexHtml);
    await writeFile(join(staticDir, 'assets', 'app.js'), 'console.log("dashboard")');
    await writeFile(join(staticDir, '.env'), 'SECRET=1');
  });
  afterAll(() => rm(staticDir, { recursive: true, force: true }));

  describe('when built', () => {
    let running: RunningControlServer;
    beforeAll(async () => {
      running = await startTestControlServer({ staticDir });
    });
    afterAll(() => running.stop());

    it('serves index.html at / without a token', async () => {
      const response = await send(running.server.url, '/');
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/html/);
      expect(response.text).toBe(indexHtml);
    });

    it('serves assets without a token', async () => {
      const response = await send(running.server.url, '/assets/app.js');
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toMatch(/javascript/);
      expect(response.headers['content-security-policy']).toMatch(/script-src 'self'/);
    });

    it('hides dotfiles and answers unknown paths with an HTML 404', async () => {
      expect((await send(running.server.url, '/.env')).status).toBe(404);
      const missing = await send(running.server.url, '/nope.js');
      expect(missing.status).toBe(404);
      expect(missing.text).toMatch(/Not found/);
    });

    it('still requires the token under /api', async () => {
      expect((await send(running.server.url, '/api/status')).status).toBe(401);
    });

    it('does not serve static files under /api', async () => {
      const response = await send(running.server.url, '/api/index.html', { headers: running.auth });
      expect(response.status).toBe(404);
      expect(response.json.error.code).toBe('not_found');
    });
  });

  it.each([
    ['no staticDir', () => undefined],
    ['a staticDir without index.html', () => join(staticDir, 'assets')],
    ['a staticDir that does not exist', () => join(staticDir, 'missing')],
  ])('with %s, / says the dashboard is not built', async (_label, dir) => {
    const running = await startTestControlServer({ staticDir: dir() });
    try {
      const response = await send(running.server.url, '/');
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/html/);
      expect(response.text).toMatch(/the dashboard isn't built: run <code>npm run build:renderer<\/code>/i);
    } finally {
      await running.stop();
    }
  });
});

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ChatGptClient } from '../../chatgpt-simulator/chatgpt-client';
import { httpRequest } from '../support/http-request';
import { spawnServe } from '../support/serve-process';

const tempDir = () => mkdtempSync(join(tmpdir(), 'handshake-cli-'));

async function expectOneLineFailure(args: string[], pattern: RegExp) {
  const { code, stderr } = await spawnServe(args).exited;
  expect(code).not.toBe(0);
  expect(stderr.trim().split('\n')).toHaveLength(1);
  expect(stderr).toMatch(pattern);
}

describe('npm run serve', () => {
  it('prints local, manifest and dashboard URLs, serves the plugin, and stops cleanly on SIGTERM', async () => {
    const serve = spawnServe([
      '--port',
      '0',
      '--control-port',
      '0',
      '--data-dir',
      tempDir(),
      '--public-url',
      'https://plugin.example.com/',
    ]);
    const urls = await serve.ready;
    expect(urls.manifest).toBe('https://plugin.example.com/.well-known/ai-plugin.json');
    expect(urls.dashboard).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]{40,}$/);
    const manifest = await httpRequest(`${urls.local}/.well-known/ai-plugin.json`);
    expect(manifest.json.auth.client_url).toBe('https://plugin.example.com/oauth/authorize');
    const started = Date.now();
    serve.child.kill('SIGTERM');
    const { code } = await serve.exited;
    expect(code).toBe(0);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it.each([
    [['--bogus'], /Unknown option '--bogus'/],
    [['--port', 'eighty'], /--port must be a port number/],
    [['--port', '70000'], /--port must be a port number/],
    [['--public-url', 'not a url'], /--public-url must be an absolute/],
  ])('exits non-zero with one clear line for %j', async (args, pattern) => {
    await expectOneLineFailure(args as string[], pattern);
  });

  it('exits non-zero with one clear line when the port is in use', async () => {
    const blocker = createServer();
    await new Promise<void>((done) => blocker.listen(0, '127.0.0.1', done));
    const port = (blocker.address() as { port: number }).port;
    try {
      await expectOneLineFailure(
        ['--port', String(port), '--control-port', '0', '--data-dir', tempDir()],
        new RegExp(`port ${port} is already in use`),
      );
      await expectOneLineFailure(
        ['--port', '0', '--control-port', String(port), '--data-dir', tempDir()],
        new RegExp(`control port ${port} is already in use`),
      );
    } finally {
      blocker.close();
    }
  });

  describe('--config', () => {
    const config = {
      client: { id: 'my-plugin-client', secret: 'my-plugin-secret-0123456789' },
      verificationToken: 'tok_from_chatgpt',
      authorizationContentType: 'application/x-www-form-urlencoded',
      accessTokenTtl: 59,
      users: [{ email: 'ci@example.com', password: 'first-password', name: 'CI' }],
      manifest: { name_for_human: 'CI Plugin' },
    };

    it('applies settings, the client and users at every start (users upserted)', async () => {
      const dataDir = tempDir();
      const file = join(dataDir, 'config.json');
      writeFileSync(file, JSON.stringify(config));
      let serve = spawnServe(['--port', '0', '--control-port', '0', '--data-dir', dataDir, '--config', file]);
      let urls = await serve.ready;
      const manifest = await httpRequest(`${urls.local}/.well-known/ai-plugin.json`);
      expect(manifest.json.name_for_human).toBe('CI Plugin');
      expect(manifest.json.auth).toMatchObject({
        verification_tokens: { openai: 'tok_from_chatgpt' },
        authorization_content_type: 'application/x-www-form-urlencoded',
      });
      const chatgpt = new ChatGptClient({
        publicUrl: urls.local,
        clientId: config.client.id,
        clientSecret: config.client.secret,
        encoding: 'form',
      });
      const { tokens } = await chatgpt.install({ email: 'ci@example.com', password: 'first-password' });
      expect(tokens.expires_in).toBe(59);
      serve.child.kill('SIGTERM');
      await serve.exited;

      writeFileSync(file, JSON.stringify({ ...config, users: [{ email: 'ci@example.com', password: 'second-password' }] }));
      serve = spawnServe(['--port', '0', '--control-port', '0', '--data-dir', dataDir, '--config', file]);
      urls = await serve.ready;
      const again = new ChatGptClient({ publicUrl: urls.local, clientId: config.client.id, clientSecret: config.client.secret });
      expect((await again.authorize()).response.status).toBe(200);
      await expect(again.obtainCode({ email: 'ci@example.com', password: 'first-password' })).rejects.toThrow(/401/);
      expect((await again.obtainCode({ email: 'ci@example.com', password: 'second-password' })).code).toMatch(/^hsc_/);
      expect(readFileSync(join(dataDir, 'handshake.json'), 'utf8').match(/ci@example\.com/g)).toHaveLength(1);
      serve.child.kill('SIGTERM');
      await serve.exited;
    });

    it.each([
      [{ ...config, colour: 'blue' }, /colour: unknown key/],
      [{ ...config, manifest: { name_for_human: 'A name far longer than twenty characters' } }, /manifest\.name_for_human/],
      [{ ...config, accessTokenTtl: -1 }, /accessTokenTtl/],
      [{ ...config, users: [{ email: 'not-an-email', password: 'password-123' }] }, /users\.0\.email/],
    ])('stops the start naming the key for %#', async (bad, pattern) => {
      const dataDir = tempDir();
      const file = join(dataDir, 'config.json');
      writeFileSync(file, JSON.stringify(bad));
      await expectOneLineFailure(['--port', '0', '--control-port', '0', '--data-dir', dataDir, '--config', file], pattern);
    });

    it('stops the start on a config file that is not JSON or does not exist', async () => {
      const dataDir = tempDir();
      const file = join(dataDir, 'config.json');
      writeFileSync(file, '{ nope');
      await expectOneLineFailure(['--port', '0', '--data-dir', dataDir, '--config', file], /not valid JSON/);
      await expectOneLineFailure(
        ['--port', '0', '--data-dir', dataDir, '--config', join(dataDir, 'missing.json')],
        /cannot read config file/,
      );
    });
  });
});

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import type { TunnelStatus } from '../../../server/control/control-api';
import { AuthtokenStore } from '../../../server/tunnel/authtoken-store';
import { findCloudflared } from '../../../server/tunnel/cloudflared-binary';
import { CloudflaredProvider } from '../../../server/tunnel/cloudflared-provider';
import { TunnelManager } from '../../../server/tunnel/tunnel-manager';
import { startTestCore } from '../support/test-core';
import { FakeTunnelProvider } from './fake-tunnel-provider';

/** A small node script that prints what cloudflared prints; FAKE_CLOUDFLARED picks its story (see the file). */
const fakeDir = join(import.meta.dirname, '../../fixtures/fake-cloudflared');
const fakeBinary = join(fakeDir, 'cloudflared');
const quickUrl = 'https://fuzzy-lamp-example-words.trycloudflare.com';

let dir: string;
let record: string;
let changes: TunnelStatus[];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'handshake-cloudflared-'));
  record = join(dir, 'record.json');
  changes = [];
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function cloudflare(mode: string, options: { path?: string; env?: NodeJS.ProcessEnv; connectTimeoutMs?: number } = {}): TunnelManager {
  const provider = new CloudflaredProvider({
    configuredPath: () => options.path ?? fakeBinary,
    env: { PATH: process.env.PATH, ...options.env, FAKE_CLOUDFLARED: mode, FAKE_CLOUDFLARED_RECORD: record },
    killAfterMs: 300,
  });
  const manager = new TunnelManager({
    provider: new FakeTunnelProvider(),
    cloudflare: provider,
    getProviderName: () => 'cloudflare',
    authtokens: new AuthtokenStore({ dataDir: dir, env: {} }),
    getDomain: () => '',
    forwardTo: () => '127.0.0.1:4567',
    connectTimeoutMs: options.connectTimeoutMs,
  });
  manager.onChange((status) => changes.push(status));
  return manager;
}

const started = () => JSON.parse(readFileSync(record, 'utf8')) as { pid: number; args: string[] };

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 25));
  if (!condition()) throw new Error(`still waiting for ${what}`);
}

describe('Cloudflare quick tunnel through cloudflared (a fake binary at the process seam)', () => {
  it('starts cloudflared for the public listener only, reads the URL, and leaves no process behind when stopped', async () => {
    const tunnel = cloudflare('url');
    const status = await tunnel.start({});
    expect(status).toMatchObject({ state: 'online', url: quickUrl, provider: 'cloudflare', error: null, freePlanDomain: false });
    const { pid, args } = started();
    expect(args).toEqual(['tunnel', '--no-autoupdate', '--url', 'http://127.0.0.1:4567']);
    expect(alive(pid)).toBe(true);

    expect(await tunnel.stop()).toMatchObject({ state: 'off', url: null });
    expect(alive(pid)).toBe(false);
    expect(changes.map((change) => change.state)).toEqual(['connecting', 'online', 'off']);
  });

  it('needs no authtoken, while ngrok still does', async () => {
    const tunnel = cloudflare('url');
    expect(tunnel.status()).toMatchObject({ provider: 'cloudflare', hasAuthtoken: false });
    expect((await tunnel.start({})).state).toBe('online');
    expect((await tunnel.start({ provider: 'ngrok' })).error?.code).toBe('missing_authtoken');
    expect(alive(started().pid)).toBe(false);
  });

  it('says in plain words when Cloudflare cannot be reached, and when it limits quick tunnels', async () => {
    const offline = await cloudflare('network-error').start({});
    expect(offline).toMatchObject({ state: 'error', url: null });
    expect(offline.error?.code).toBe('network_unreachable');
    expect(offline.error?.message).toMatch(/^cloudflared could not reach Cloudflare: .*no such host/);
    expect(offline.error?.advice).toMatch(/online/);

    const limited = await cloudflare('rate-limited').start({});
    expect(limited.error?.code).toBe('rate_limited');
    expect(limited.error?.advice).toMatch(/Wait a few minutes/);
  });

  it('reports a crash of cloudflared after it was online: state error, the URL gone, the exit and its last words', async () => {
    const tunnel = cloudflare('url');
    await tunnel.start({});
    process.kill(started().pid, 'SIGUSR2');
    await until(() => tunnel.status().state === 'error', 'the crash to be reported');
    const status = tunnel.status();
    expect(status.url).toBeNull();
    expect(status.error?.code).toBe('tunnel_exited');
    expect(status.error?.message).toMatch(/cloudflared exited with code 2: the public URL no longer works \(its last error: panic/);
    expect(status.error?.advice).toMatch(/new URL/);
  });

  it('goes reconnecting when cloudflared loses its edge connection, and online again with the same URL', async () => {
    const tunnel = cloudflare('url');
    await tunnel.start({});
    process.kill(started().pid, 'SIGUSR1');
    await until(() => tunnel.status().state === 'reconnecting', 'reconnecting');
    expect(tunnel.status()).toMatchObject({ url: quickUrl, error: { code: 'unknown' } });
    await until(() => tunnel.status().state === 'online', 'online again');
    expect(tunnel.status().url).toBe(quickUrl);
    await tunnel.stop();
  });

  it('kills a cloudflared that ignores SIGTERM, and one that never gave a URL when the wait times out', async () => {
    const stubborn = cloudflare('stubborn');
    await stubborn.start({});
    const { pid } = started();
    await stubborn.stop();
    expect(alive(pid)).toBe(false);

    const silent = cloudflare('silent', { connectTimeoutMs: 300 });
    const status = await silent.start({});
    expect(status.error).toMatchObject({ code: 'connect_timeout', message: 'cloudflared did not report a tunnel URL within 0 seconds.' });
    const silentPid = started().pid;
    await until(() => !alive(silentPid), 'the silent cloudflared to be killed');
  });

  it('names a Settings path that does not exist, and says how to install cloudflared when there is none', async () => {
    const wrong = await cloudflare('url', { path: join(dir, 'no-such-cloudflared') }).start({});
    expect(wrong.error?.code).toBe('cloudflared_missing');
    expect(wrong.error?.message).toContain(join(dir, 'no-such-cloudflared'));

    expect(findCloudflared('', { PATH: dir })).toBeNull();
    expect(findCloudflared('', { PATH: [dir, fakeDir].join(delimiter) })).toEqual({ path: fakeBinary, source: 'path' });
    expect(findCloudflared(' /opt/cf/cloudflared ', { PATH: fakeDir })).toEqual({ path: '/opt/cf/cloudflared', source: 'settings' });
    const missing = await cloudflare('url', { path: '', env: { PATH: dir } }).start({});
    expect(missing.error?.code).toBe('cloudflared_missing');
    expect(missing.error?.advice).toMatch(/npm install cloudflared/);
  });

  it('in the running server: Settings choose Cloudflare, the manifest and metadata use the quick tunnel URL, stop ends the process', async () => {
    process.env.FAKE_CLOUDFLARED_RECORD = record;
    const server = await startTestCore({ settings: { tunnelProvider: 'cloudflare', cloudflaredPath: fakeBinary } });
    try {
      const status = await server.api.call<TunnelStatus>('POST', '/api/tunnel', {});
      expect(status).toMatchObject({ state: 'online', provider: 'cloudflare', url: quickUrl });
      const { pid, args } = started();
      expect(args.at(-1)).toBe(server.publicUrl);
      const metadata = await fetch(`${server.publicUrl}/.well-known/oauth-authorization-server`).then((r) => r.json());
      expect(metadata.issuer).toBe(quickUrl);
      await server.api.call('DELETE', '/api/tunnel');
      expect(alive(pid)).toBe(false);
    } finally {
      delete process.env.FAKE_CLOUDFLARED_RECORD;
      await server.close();
    }
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TunnelStatus } from '../../../server/control/control-api';
import { ControlError } from '../../../server/control/control-error';
import { AuthtokenStore } from '../../../server/tunnel/authtoken-store';
import { TunnelManager } from '../../../server/tunnel/tunnel-manager';
import { FakeTunnelProvider, ngrokError } from './fake-tunnel-provider';

const token = '2abcDEFghiJKLmnoPQRstuVWX_1234567890abcdefghijklm';

let dataDir: string;
let provider: FakeTunnelProvider;
let authtokens: AuthtokenStore;
let domain: string;
let port: number;
let changes: TunnelStatus[];

function manager(connectTimeoutMs?: number): TunnelManager {
  const created = new TunnelManager({
    provider,
    authtokens,
    getDomain: () => domain,
    forwardTo: () => `127.0.0.1:${port}`,
    connectTimeoutMs,
  });
  created.onChange((status) => changes.push(status));
  return created;
}

/** Lets the manager's awaits run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

/** A manager with a saved authtoken whose tunnel is online at `url`. */
async function onlineTunnel(url: string): Promise<TunnelManager> {
  authtokens.save(token);
  const tunnel = manager();
  const started = tunnel.start({});
  await settle();
  provider.last.succeed(url);
  await started;
  return tunnel;
}

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'handshake-tunnel-'));
  provider = new FakeTunnelProvider();
  authtokens = new AuthtokenStore({ dataDir, env: {} });
  domain = '';
  port = 3030;
  changes = [];
});

afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

describe('TunnelManager', () => {
  it('starts off, with no authtoken reported', () => {
    expect(manager().status()).toEqual({
      state: 'off',
      url: null,
      error: null,
      provider: 'ngrok',
      hasAuthtoken: false,
      authtokenSource: null,
      freePlanDomain: false,
    });
  });

  it('goes connecting → online with the URL, forwarding only to the public listener', async () => {
    authtokens.save(token);
    domain = 'my-plugin.ngrok.app';
    port = 4555;
    const tunnel = manager();
    const started = tunnel.start({});
    await settle();
    expect(tunnel.status().state).toBe('connecting');
    expect(provider.last.options).toMatchObject({ authtoken: token, domain: 'my-plugin.ngrok.app', forwardTo: '127.0.0.1:4555' });

    provider.last.succeed('https://my-plugin.ngrok.app');
    const status = await started;
    expect(status).toMatchObject({ state: 'online', url: 'https://my-plugin.ngrok.app', error: null, authtokenSource: 'saved' });
    expect(changes.map((change) => change.state)).toEqual(['connecting', 'online']);
  });

  it('asks for a random domain when none is configured, and the start input overrides settings', async () => {
    authtokens.save(token);
    const tunnel = manager();
    void tunnel.start({});
    await settle();
    expect(provider.last.options.domain).toBeUndefined();

    domain = 'configured.ngrok.app';
    void tunnel.start({ domain: 'https://Override.ngrok-free.app/' });
    await settle();
    expect(provider.last.options.domain).toBe('override.ngrok-free.app');
    expect(tunnel.status().freePlanDomain).toBe(true);
  });

  it('reports a free-plan domain from the URL ngrok gave', async () => {
    authtokens.save(token);
    const tunnel = manager();
    const started = tunnel.start({});
    await settle();
    provider.last.succeed('https://1a2b-203-0-113-7.ngrok-free.app');
    expect(await started).toMatchObject({ state: 'online', freePlanDomain: true });

    const paid = tunnel.start({ domain: 'team.ngrok.app' });
    await settle();
    provider.last.succeed('https://team.ngrok.app');
    expect(await paid).toMatchObject({ state: 'online', freePlanDomain: false });
  });

  it('goes reconnecting when the connection drops, keeping the URL and the reason, then back online', async () => {
    const tunnel = await onlineTunnel('https://abc.ngrok.app');

    provider.last.drop('failed to establish tcp connection: network is unreachable');
    expect(tunnel.status()).toMatchObject({ state: 'reconnecting', url: 'https://abc.ngrok.app' });
    expect(tunnel.status().error?.code).toBe('network_unreachable');

    provider.last.recover();
    expect(tunnel.status()).toMatchObject({ state: 'online', url: 'https://abc.ngrok.app', error: null });
    expect(changes.map((change) => change.state)).toEqual(['connecting', 'online', 'reconnecting', 'online']);
  });

  it('goes to error with plain advice when ngrok refuses, never echoing the authtoken', async () => {
    authtokens.save(token);
    const tunnel = manager();
    const started = tunnel.start({});
    await settle();
    provider.last.fail(
      ngrokError(
        `failed to connect session: The authtoken you specified is properly formed, but it is invalid. Your authtoken: ${token}`,
        'ERR_NGROK_107',
      ),
    );
    const status = await started;
    expect(status.state).toBe('error');
    expect(status.url).toBeNull();
    expect(status.error?.code).toBe('invalid_authtoken');
    expect(status.error?.advice).toMatch(/dashboard\.ngrok\.com/);
    expect(JSON.stringify(status)).not.toContain(token);
  });

  it('goes to error without calling ngrok when there is no authtoken', async () => {
    const status = await manager().start({});
    expect(status.state).toBe('error');
    expect(status.error?.code).toBe('missing_authtoken');
    expect(provider.opens).toHaveLength(0);
  });

  it('uses NGROK_AUTHTOKEN when nothing is saved, and an authtoken given at start over both', async () => {
    authtokens = new AuthtokenStore({ dataDir, env: { NGROK_AUTHTOKEN: 'from-env-token' } });
    const tunnel = manager();
    expect(tunnel.status()).toMatchObject({ hasAuthtoken: true, authtokenSource: 'environment' });
    void tunnel.start({});
    await settle();
    expect(provider.last.options.authtoken).toBe('from-env-token');

    void tunnel.start({ authtoken: 'given-at-start' });
    await settle();
    expect(provider.last.options.authtoken).toBe('given-at-start');
  });

  it('refuses a domain that is not a host name, before calling ngrok', async () => {
    authtokens.save(token);
    const status = await manager().start({ domain: 'not a domain' });
    expect(status.error?.code).toBe('invalid_domain');
    expect(provider.opens).toHaveLength(0);
  });

  it('gives up after its own connect timeout and closes a session that opens later', async () => {
    authtokens.save(token);
    const tunnel = manager(200);
    const startedAt = Date.now();
    const status = await tunnel.start({});
    expect(Date.now() - startedAt).toBeLessThan(2000);
    expect(status.state).toBe('error');
    expect(status.error?.code).toBe('connect_timeout');
    expect(status.error?.advice).toMatch(/online|firewall/);

    provider.last.succeed('https://late.ngrok.app');
    await settle();
    expect(provider.last.closed).toBe(true);
    expect(tunnel.status().state).toBe('error');
  });

  it('stop while connecting cancels: start resolves off and the late session is closed', async () => {
    authtokens.save(token);
    const tunnel = manager();
    const started = tunnel.start({});
    await settle();
    const stopped = await tunnel.stop();
    expect(stopped.state).toBe('off');
    expect((await started).state).toBe('off');

    provider.last.succeed('https://late.ngrok.app');
    await settle();
    expect(provider.last.closed).toBe(true);
    expect(tunnel.status()).toMatchObject({ state: 'off', url: null });
  });

  it('stop while online closes the session and ignores later callbacks from it', async () => {
    const tunnel = await onlineTunnel('https://abc.ngrok.app');

    expect(await tunnel.stop()).toMatchObject({ state: 'off', url: null, error: null });
    expect(provider.last.closed).toBe(true);
    provider.last.drop();
    expect(tunnel.status().state).toBe('off');
  });

  it('starting while online restarts: the old session closes, the new URL wins', async () => {
    const tunnel = await onlineTunnel('https://one.ngrok.app');
    const firstOpen = provider.last;

    const second = tunnel.start({ domain: 'two.ngrok.app' });
    expect(tunnel.status()).toMatchObject({ state: 'connecting', url: null });
    await settle();
    expect(firstOpen.closed).toBe(true);
    provider.last.succeed('https://two.ngrok.app');
    expect(await second).toMatchObject({ state: 'online', url: 'https://two.ngrok.app' });

    firstOpen.drop();
    expect(tunnel.status().state).toBe('online');
  });

  it('a provider that throws synchronously ends in error, not in a rejected start', async () => {
    authtokens.save(token);
    provider.open = () => {
      throw new Error('native module failed to load');
    };
    const status = await manager().start({});
    expect(status.state).toBe('error');
    expect(status.error?.message).toContain('native module failed to load');
  });

  it('a second start while connecting supersedes the first', async () => {
    authtokens.save(token);
    const tunnel = manager();
    const first = tunnel.start({});
    await settle();
    const firstOpen = provider.last;
    const second = tunnel.start({});
    await settle();
    expect((await first).state).toBe('connecting');

    firstOpen.succeed('https://stale.ngrok.app');
    provider.last.succeed('https://fresh.ngrok.app');
    expect(await second).toMatchObject({ state: 'online', url: 'https://fresh.ngrok.app' });
    await settle();
    expect(firstOpen.closed).toBe(true);
  });

  it('goes to error when ngrok closes the session itself', async () => {
    const tunnel = await onlineTunnel('https://abc.ngrok.app');
    provider.last.options.onConnectionChange('closed', 'the ngrok dashboard stopped this agent');
    expect(tunnel.status()).toMatchObject({ state: 'error', url: null });
    expect(tunnel.status().error?.message).toMatch(/dashboard stopped/);
  });

  it('setAuthtoken saves, reports the source and emits; empty forgets; bad input is refused', async () => {
    const tunnel = manager();
    expect(await tunnel.setAuthtoken(token)).toMatchObject({ hasAuthtoken: true, authtokenSource: 'saved' });
    expect(changes.at(-1)?.authtokenSource).toBe('saved');
    expect(await tunnel.setAuthtoken('')).toMatchObject({ hasAuthtoken: false, authtokenSource: null });

    const refused = tunnel.setAuthtoken('two words');
    await expect(refused).rejects.toBeInstanceOf(ControlError);
    await expect(refused).rejects.toMatchObject({ status: 400, field: 'authtoken' });
    expect(tunnel.status().hasAuthtoken).toBe(false);
  });

  it('a new authtoken clears the failure the old one (or none) caused', async () => {
    const tunnel = manager();
    const failed = await tunnel.start({});
    expect(failed).toMatchObject({ state: 'error', error: { code: 'missing_authtoken' } });
    const saved = await tunnel.setAuthtoken(token);
    expect(saved).toMatchObject({ state: 'off', error: null, hasAuthtoken: true });
    expect(changes.at(-1)).toMatchObject({ state: 'off', error: null });
  });

  it('setAuthtoken reports a store that cannot write as a failed control call, naming the cause', async () => {
    const failingBox = {
      encrypted: true,
      seal: () => {
        throw new Error('keychain locked');
      },
      open: (value: string) => value,
    };
    authtokens = new AuthtokenStore({ dataDir, secretBox: failingBox, env: {} });
    const refused = manager().setAuthtoken(token);
    await expect(refused).rejects.toBeInstanceOf(ControlError);
    await expect(refused).rejects.toMatchObject({ code: 'failed', message: expect.stringContaining('keychain locked') });
    expect(authtokens.current()).toBeNull();
  });

  it('unsubscribed listeners hear nothing; a throwing listener does not break the others', async () => {
    authtokens.save(token);
    const tunnel = manager();
    const heard: string[] = [];
    const unsubscribe = tunnel.onChange((status) => heard.push(status.state));
    tunnel.onChange(() => {
      throw new Error('listener bug');
    });
    const started = tunnel.start({});
    await settle();
    unsubscribe();
    provider.last.succeed('https://abc.ngrok.app');
    expect((await started).state).toBe('online');
    expect(heard).toEqual(['connecting']);
    expect(changes.map((change) => change.state)).toEqual(['connecting', 'online']);
  });
});

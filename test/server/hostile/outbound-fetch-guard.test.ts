import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CimdFetcher } from '../../../server/oauth/clients/cimd-fetcher';
import { guardedGet, OutboundFetchError, type ResolvedAddress } from '../../../server/outbound/guarded-get';
import { isPublicAddress } from '../../../server/outbound/special-use-address';
import { CimdDocumentServer, testCa } from '../support/cimd-document-server';
import { closedPort } from '../support/closed-port';
import { httpRequest } from '../support/http-request';
import { startTestCore, type TestCore } from '../support/test-core';

/**
 * Issue 23: a client_id URL must never make Handshake connect to the developer's own machine or network, whatever
 * the spelling of the address; and the page shown to whoever sent it must not tell open ports from closed ones.
 */

/** A TCP listener on loopback (IPv4 and, where the machine has it, IPv6) that only counts who connects. */
class CountingListener {
  connections = 0;
  port = 0;
  private readonly servers: Server[] = [];

  async start(): Promise<this> {
    const first = await this.listen('127.0.0.1', 0);
    this.port = first;
    await this.listen('::1', this.port).catch(() => undefined);
    return this;
  }

  private listen(host: string, port: number): Promise<number> {
    const server = createServer((socket) => {
      this.connections++;
      socket.destroy();
    });
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        this.servers.push(server);
        resolve((server.address() as { port: number }).port);
      });
    });
  }

  close(): Promise<void> {
    return Promise.all(this.servers.map((server) => new Promise((resolve) => server.close(resolve)))).then(() => undefined);
  }
}

/** Every spelling the issue found connecting, and more that WHATWG URL also turns into a loopback or private literal. */
const spellings = (port: number) => [
  `https://127.0.0.1:${port}/c.json`,
  `https://127.0.0.2:${port}/c.json`,
  `https://0.0.0.0:${port}/c.json`,
  `https://0:${port}/c.json`,
  `https://127.1:${port}/c.json`,
  `https://2130706433:${port}/c.json`,
  `https://0x7f000001:${port}/c.json`,
  `https://0177.0.0.1:${port}/c.json`,
  `https://%31%32%37.0.0.1:${port}/c.json`,
  `https://[::ffff:127.0.0.1]:${port}/c.json`,
  `https://[::ffff:7f00:1]:${port}/c.json`,
  `https://0x7f.0.0.1:${port}/c.json`,
  `https://127.0.0.1.:${port}/c.json`,
  `https://[::1]:${port}/c.json`,
  `https://[::]:${port}/c.json`,
  `https://[0:0:0:0:0:ffff:127.0.0.1]:${port}/c.json`,
  `https://[::127.0.0.1]:${port}/c.json`,
  `https://[64:ff9b::7f00:1]:${port}/c.json`,
  `https://[2002:7f00:1::]:${port}/c.json`,
  `https://[fe80::1]:${port}/c.json`,
  `https://localhost:${port}/c.json`,
  `https://LOCALHOST.:${port}/c.json`,
];

describe('the outbound-fetch guard', () => {
  let listener: CountingListener;
  beforeAll(async () => {
    listener = await new CountingListener().start();
  });
  afterAll(() => listener.close());

  it('makes zero connections to loopback for every spelling of a loopback or special-use address', async () => {
    for (const url of spellings(listener.port)) {
      const result = await new CimdFetcher({ ca: testCa }).fetch(url);
      expect(result.ok, url).toBe(false);
      expect(!result.ok && result.problem, url).toMatch(/private or special-use address|could not be resolved/);
    }
    expect(listener.connections).toBe(0);
  });

  it('never connects when a name resolves to a public address first and loopback second', async () => {
    const resolve = async (): Promise<ResolvedAddress[]> => [
      { address: '93.184.216.34', family: 4 },
      { address: '127.0.0.1', family: 4 },
    ];
    const refusal = await guardedGet(`https://documents.example:${listener.port}/c.json`, {
      resolve,
      accept: 'application/json',
      maxBytes: 1024,
      timeoutMs: 2000,
    }).catch((error: OutboundFetchError) => error);
    expect(refusal).toBeInstanceOf(OutboundFetchError);
    expect((refusal as OutboundFetchError).stage).toBe('refused');
    expect((refusal as OutboundFetchError).message).toMatch(/resolves to 127\.0\.0\.1/);
    expect(listener.connections).toBe(0);
  });

  it('resolves once and connects to exactly the address it checked (a rebinding answer cannot switch it)', async () => {
    const documents = await new CimdDocumentServer().start();
    try {
      const clientId = documents.serve('/rebind.json', ['https://chatgpt.com/connector/oauth/x']);
      const answers = ['127.0.0.1', '10.9.8.7'];
      let calls = 0;
      const fetcher = new CimdFetcher({
        ca: testCa,
        addressAllowed: (address) => address === '127.0.0.1',
        resolve: async () => [{ address: answers[calls++], family: 4 }],
      });
      expect(await fetcher.fetch(clientId)).toMatchObject({ ok: true });
      expect(calls).toBe(1);
      expect(documents.fetches.get('/rebind.json')).toBe(1);
    } finally {
      await documents.close();
    }
  });

  it('refuses http, credentials in the URL, and redirects', async () => {
    const options = { accept: '*/*', maxBytes: 10, timeoutMs: 100 };
    await expect(guardedGet('http://example.com/x', options)).rejects.toThrow(/only https/);
    await expect(guardedGet('https://user:pw@example.com/x', options)).rejects.toThrow(/credentials/);
  });

  it.each([
    '::ffff:7f00:1',
    '::ffff:127.0.0.1',
    '::7f00:1',
    '64:ff9b::7f00:1',
    '64:ff9b::808:808',
    '2002:7f00:1::',
    '2002:808:808::1',
    '::ffff:a00:1',
    'fec0::1',
  ])('judges the IPv6 address %s as special-use', (address) => expect(isPublicAddress(address)).toBe(false));

  it.each(['::ffff:808:808', '2a00:1450:4001:81a::200e'])('judges the IPv6 address %s as public', (address) =>
    expect(isPublicAddress(address)).toBe(true),
  );
});

describe('the authorize page, to whoever sent a hostile client_id', () => {
  let running: TestCore;
  let listener: CountingListener;
  beforeAll(async () => {
    running = await startTestCore();
    listener = await new CountingListener().start();
  });
  afterAll(async () => {
    await running?.close();
    await listener?.close();
  });

  const authorize = (clientId: string) =>
    httpRequest(
      `${running.publicUrl}/oauth/authorize?${new URLSearchParams({
        response_type: 'code',
        client_id: clientId,
        redirect_uri: 'https://chatgpt.com/connector/oauth/abc',
        state: 's',
        code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
        code_challenge_method: 'S256',
      })}`,
      { headers: { 'x-forwarded-for': '203.0.113.50' } },
    );

  it('reads the same for an open port, a closed port and a refused address, and connects nowhere', async () => {
    const open = await authorize(`https://127.0.0.1:${listener.port}/client.json`);
    const closed = await authorize(`https://127.0.0.1:${await closedPort()}/client.json`);
    const privateAddress = await authorize('https://10.1.2.3/client.json');
    const unresolvable = await authorize('https://no-such-host.invalid/client.json');
    for (const page of [open, closed, privateAddress, unresolvable]) {
      expect(page.status).toBe(400);
      expect(page.text).toMatch(/The client(&#39;|&#x27;|')s metadata document could not be used\./);
      expect(page.text).not.toMatch(/ECONNREFUSED|socket|TLS|special-use|127\.0\.0\.1|10\.1\.2\.3|resolve/);
    }
    expect(closed.text).toBe(open.text);
    expect(privateAddress.text).toBe(open.text);
    expect(unresolvable.text).toBe(open.text);
    expect(listener.connections).toBe(0);
  });

  it('tells the developer the exact reason in Traffic', async () => {
    await authorize('https://10.1.2.3/why.json');
    let reason = '';
    const find = async () => {
      for (const summary of await running.core.control.listTraffic({ kind: 'authorize' })) {
        const entry = await running.core.control.getTrafficEntry({ id: summary.id });
        const note = entry.notes.find((candidate) => candidate.code === 'cimd_failed' && candidate.message.includes('why.json'));
        if (note) return note.message;
      }
      return '';
    };
    for (let tries = 0; tries < 100 && !reason; tries++) {
      reason = await find();
      if (!reason) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(reason).toMatch(/https:\/\/10\.1\.2\.3\/why\.json was refused: .*10\.1\.2\.3 is a private or special-use address/);
  });
});

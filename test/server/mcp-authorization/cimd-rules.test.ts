import { describe, expect, it } from 'vitest';
import { CimdFetcher } from '../../../server/oauth/clients/cimd-fetcher';
import { isPublicAddress } from '../../../server/outbound/special-use-address';
import { chatGptConnectorRedirect } from '../../chatgpt-simulator/mcp-oauth-client';
import { testCa } from '../support/cimd-document-server';
import { useMcpFixture } from './mcp-fixture';

/** Client ID Metadata Documents: fetched on first use, validated, cached as their headers allow; failures shown, never cached. */
describe('CIMD clients', () => {
  const mcp = useMcpFixture();

  async function openWith(path: string) {
    const chatgpt = await mcp.chatGpt(chatGptConnectorRedirect);
    chatgpt.useMetadataDocument(`${mcp.documents.origin}${path}`);
    return (await chatgpt.openAuthorization()).response;
  }

  it.each([
    [
      'a document whose client_id is not its URL',
      '/bad/id.json',
      { body: { client_id: 'https://other.example/client.json', redirect_uris: [chatGptConnectorRedirect] } },
      /not the URL it was fetched from/,
    ],
    ['a document that does not list the redirect URI', '/bad/redirect.json', { body: 'redirect' }, /not on the allowlist/],
    ['a document asking for a shared secret', '/bad/secret.json', { body: 'secret' }, /cannot hold a shared secret/],
    [
      'a redirect instead of the document',
      '/bad/moved.json',
      { status: 302, headers: { location: '/elsewhere.json' }, body: '' },
      /redirects are not followed/,
    ],
    ['a 404', '/bad/missing.json', null, /HTTP 404/],
    ['a document over 5 KB', '/bad/big.json', { body: 'big' }, /larger than 5120 bytes/],
    ['a body that is not JSON', '/bad/text.json', { body: 'not json at all' }, /not JSON/],
  ])('refuses %s on an HTML page that says no more, and logs why', async (_name, path, served, reason) => {
    const clientId = `${mcp.documents.origin}${path}`;
    if (served?.body === 'redirect') mcp.documents.serve(path, ['https://somewhere.example/cb']);
    else if (served?.body === 'secret')
      mcp.documents.serve(path, [chatGptConnectorRedirect], { metadata: { token_endpoint_auth_method: 'client_secret_basic' } });
    else if (served?.body === 'big') mcp.documents.serve(path, [chatGptConnectorRedirect], { metadata: { padding: 'x'.repeat(6000) } });
    else if (served) mcp.documents.documents.set(path, served as { body: unknown });
    const response = await openWith(path);
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toMatch(/text\/html/);
    if (served?.body === 'redirect') {
      // The document was used: what is refused is the requester's own redirect URI, which the page may name.
      expect(response.text).toMatch(reason);
      return;
    }
    expect(response.text).toMatch(/metadata document could not be used/);
    expect(response.text).not.toMatch(reason);
    expect(await refusalInTraffic(clientId)).toMatch(reason);
  });

  /** The cimd_failed note the developer sees in Traffic for this client_id. */
  async function refusalInTraffic(clientId: string): Promise<string> {
    for (let tries = 0; tries < 100; tries++) {
      for (const summary of await mcp.plugin.core.control.listTraffic({ kind: 'authorize' })) {
        const entry = await mcp.plugin.core.control.getTrafficEntry({ id: summary.id });
        const note = entry.notes.find((candidate) => candidate.code === 'cimd_failed' && candidate.message.includes(clientId));
        if (note) return note.message;
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return '';
  }

  it('caches a document for its max-age; an error is never cached', async () => {
    mcp.documents.serve('/cached/client.json', [chatGptConnectorRedirect], { headers: { 'cache-control': 'max-age=300' } });
    expect((await openWith('/cached/client.json')).status).toBe(200);
    expect((await openWith('/cached/client.json')).status).toBe(200);
    expect(mcp.documents.fetches.get('/cached/client.json')).toBe(1);

    mcp.documents.documents.set('/flaky/client.json', { status: 500, body: 'oops' });
    expect((await openWith('/flaky/client.json')).status).toBe(400);
    mcp.documents.serve('/flaky/client.json', [chatGptConnectorRedirect]);
    expect((await openWith('/flaky/client.json')).status).toBe(200);
    expect(mcp.documents.fetches.get('/flaky/client.json')).toBe(2);
  });

  it('is listed in Clients once used, as a public client identified by its document host', async () => {
    mcp.documents.serve('/listed/client.json', [chatGptConnectorRedirect], { metadata: { client_name: 'Listed Host' } });
    expect((await openWith('/listed/client.json')).status).toBe(200);
    const clients = await mcp.plugin.api.call<
      { id: string; kind: string; documentHost: string; tokenEndpointAuthMethod: string; name: string }[]
    >('GET', '/api/clients');
    expect(clients.find((client) => client.id === `${mcp.documents.origin}/listed/client.json`)).toMatchObject({
      kind: 'cimd',
      name: 'Listed Host',
      documentHost: new URL(mcp.documents.origin).host,
      tokenEndpointAuthMethod: 'none',
    });
  });
});

describe('the CIMD fetcher’s SSRF guard and URL rules', () => {
  it('refuses, by default, a document URL that resolves to loopback, before any request is sent', async () => {
    const fetcher = new CimdFetcher({ ca: testCa });
    const result = await fetcher.fetch('https://localhost:1/client.json');
    expect(result).toEqual({
      ok: false,
      problem: expect.stringMatching(/resolves to (127\.0\.0\.1|::1), a private or special-use address/),
      unreachable: true,
    });
  });

  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.20.0.1',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '::1',
    'fe80::1',
    'fd00::1',
    '::ffff:10.0.0.1',
    '224.0.0.1',
    '2001:db8::1',
  ])('treats %s as special-use', (address) => expect(isPublicAddress(address)).toBe(false));

  it.each(['8.8.8.8', '104.18.1.1', '2606:4700::1111', '::ffff:8.8.8.8'])('treats %s as public', (address) =>
    expect(isPublicAddress(address)).toBe(true),
  );

  it.each([
    ['http://example.com/client.json', /must be https/],
    ['https://example.com/', /must have a path/],
    ['https://user:pw@example.com/c.json', /credentials/],
    ['https://example.com/a/../c.json', /\. or \.\. path segments/],
  ])('refuses the client_id %s without fetching it', async (url, problem) => {
    const result = await new CimdFetcher().fetch(url);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problem).toMatch(problem);
  });
});

import type { ReplayResult } from '../../../server/control/control-api';
import type { TrafficEntry } from '../../../server/traffic/traffic-entry';
import { markedRequest } from '../support/control-client';
import { knownClient, usePluginFixture } from '../support/plugin-fixture';

/** Replay and Edit and resend: the core sends the recorded request to the public listener again. */
const plugin = usePluginFixture();

async function tokenEntry(credentials: 'body' | 'basic'): Promise<TrafficEntry> {
  const { mark, headers } = markedRequest();
  await plugin.gpt.tokenRequest(
    { grant_type: 'refresh_token', refresh_token: 'hsr_not_a_real_one_000000000000' },
    { credentials, headers },
  );
  return plugin.api.entryMarked(mark);
}

const replay = (id: string, body: Record<string, unknown> = {}) =>
  plugin.api.call<ReplayResult>('POST', `/api/traffic/${encodeURIComponent(id)}/replay`, body);

describe('POST /api/traffic/:id/replay', () => {
  test('sends the recorded request again and answers with the new entry, marked as a replay from loopback', async () => {
    const original = await tokenEntry('body');
    const result = await replay(original.id);
    expect(result.id).not.toBe(original.id);
    const again = await plugin.api.get<TrafficEntry>(`/api/traffic/${encodeURIComponent(result.id)}`);
    expect(again).toMatchObject({ method: 'POST', path: '/oauth/token', kind: 'token', status: result.status });
    expect(again.arrival).toEqual({ via: 'loopback', agent: null, replayOf: original.id });
    // Masked as recorded: the secret was not filled, so the client is refused.
    expect(result.status).toBe(401);
  });

  test('fills the configured client secret only on request (body and Basic header)', async () => {
    for (const credentials of ['body', 'basic'] as const) {
      const original = await tokenEntry(credentials);
      expect(JSON.stringify(original)).not.toContain(knownClient.secret);
      const filled = await replay(original.id, { fillSecrets: true });
      const entry = await plugin.api.get<TrafficEntry>(`/api/traffic/${encodeURIComponent(filled.id)}`);
      // The client authenticates now; the refresh token itself is the (deliberately) unknown one.
      expect(entry.status, credentials).toBe(400);
      expect(JSON.stringify(entry.response.body?.parsed)).toContain('invalid_grant');
      expect(JSON.stringify(entry)).not.toContain(knownClient.secret);
    }
  });

  test('edit and resend replaces the parts given', async () => {
    const original = await tokenEntry('body');
    const result = await replay(original.id, { request: { method: 'get', path: '/.well-known/ai-plugin.json', body: '' } });
    expect(result.status).toBe(200);
    const entry = await plugin.api.get<TrafficEntry>(`/api/traffic/${encodeURIComponent(result.id)}`);
    expect(entry).toMatchObject({ method: 'GET', kind: 'manifest' });
  });

  test('bad input names the field; an unknown id is 404', async () => {
    const original = await tokenEntry('body');
    const badPath = await plugin.api.send('POST', `/api/traffic/${original.id}/replay`, { request: { path: 'no-slash' } });
    expect(badPath.status).toBe(400);
    expect(badPath.json).toMatchObject({ error: { code: 'invalid_input', field: 'request.path' } });
    const badMethod = await plugin.api.send('POST', `/api/traffic/${original.id}/replay`, { request: { method: 'GE T' } });
    expect(badMethod.json).toMatchObject({ error: { field: 'request.method' } });
    const missing = await plugin.api.send('POST', '/api/traffic/nope/replay', {});
    expect(missing.status).toBe(404);
  });
});

describe('arrival', () => {
  test('a request from this machine is loopback; X-Forwarded-For or an ngrok Host says it came through', async () => {
    const direct = markedRequest();
    await plugin.gpt.fetchManifest(direct.headers);
    expect((await plugin.api.entryMarked(direct.mark)).arrival).toMatchObject({ via: 'loopback' });
    const proxied = markedRequest();
    await plugin.gpt.fetchManifest({ ...proxied.headers, 'X-Forwarded-For': '203.0.113.9' });
    expect((await plugin.api.entryMarked(proxied.mark)).arrival).toMatchObject({ via: 'proxy' });
    const tunnelled = markedRequest();
    await plugin.gpt.fetchManifest({
      ...tunnelled.headers,
      'X-Forwarded-Host': 'quiet-owl.ngrok-free.app',
      'User-Agent': 'Mozilla/5.0 ChatGPT-User/1.0',
    });
    const summary = (await plugin.api.get<{ id: string; arrival?: unknown }[]>('/api/traffic?kind=manifest'))[0];
    expect(summary.arrival).toEqual({ via: 'tunnel', agent: 'chatgpt' });
  });
});

describe('GET /api/traffic/:id?reveal=true', () => {
  test('puts the configured client secret back where the log masked it, and only that; says when an entry has one', async () => {
    const basic = await tokenEntry('basic');
    expect(basic.revealable).toBe(true);
    expect(JSON.stringify(basic)).not.toContain(knownClient.secret);
    const revealed = await plugin.api.get<TrafficEntry>(`/api/traffic/${encodeURIComponent(basic.id)}?reveal=true`);
    expect(revealed.request.headers.authorization).toBe(`Basic ${knownClient.id}:${knownClient.secret}`);
    // The refresh token was never kept: it stays masked.
    expect(revealed.request.body?.text).toContain('"refresh_token":"•••• 0000"');
    expect(await plugin.api.get<TrafficEntry>(`/api/traffic/${encodeURIComponent(basic.id)}?reveal=false`)).toEqual(basic);

    // A wrong secret has nothing to reveal.
    const { mark, headers } = markedRequest();
    await plugin
      .chatGpt({ clientSecret: 'a-wrong-secret-0123456789' })
      .tokenRequest({ grant_type: 'refresh_token', refresh_token: 'x' }, { headers });
    const wrong = await plugin.api.entryMarked(mark);
    expect(wrong.revealable).toBeUndefined();
    const notRevealed = await plugin.api.get<TrafficEntry>(`/api/traffic/${encodeURIComponent(wrong.id)}?reveal=true`);
    expect(JSON.stringify(notRevealed)).not.toContain('a-wrong-secret-0123456789');
    expect((await plugin.api.send('GET', `/api/traffic/${encodeURIComponent(wrong.id)}?reveal=maybe`)).status).toBe(400);
  });
});

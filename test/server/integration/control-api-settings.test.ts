import { randomUUID } from 'node:crypto';
import type { Settings } from '../../../server/settings/settings';
import type { ClientView, GrantView } from '../../../server/store/records';
import { markHeader } from '../support/control-client';
import { knownClient, noteOf, usePluginFixture } from '../support/plugin-fixture';

/** Settings, client credentials and grants through the control API: each change holds from the very next request. */
const plugin = usePluginFixture();

describe('settings', () => {
  test('PATCH /api/settings: verification token, scope, content type and manifest fields show in the next manifest', async () => {
    const patched = await plugin.api.send('PATCH', '/api/settings', {
      verificationToken: 'f00dfeedcafe4b1d9a7c0123456789ab',
      scope: 'todos.read todos.write',
      authorizationContentType: 'application/x-www-form-urlencoded',
      manifest: { name_for_human: 'Todo Test' },
    });
    expect(patched.status).toBe(200);
    expect(patched.json.manifest.name_for_model).toBe('handshake_todo');
    const manifest = (await plugin.gpt.fetchManifest()).json;
    expect(manifest.auth).toMatchObject({
      verification_tokens: { openai: 'f00dfeedcafe4b1d9a7c0123456789ab' },
      scope: 'todos.read todos.write',
      authorization_content_type: 'application/x-www-form-urlencoded',
      client_url: `${plugin.publicUrl}/oauth/authorize`,
      authorization_url: `${plugin.publicUrl}/oauth/token`,
    });
    expect(manifest.name_for_human).toBe('Todo Test');
    expect((await plugin.api.get<Settings>('/api/settings')).verificationToken).toBe('f00dfeedcafe4b1d9a7c0123456789ab');
    await plugin.api.call('PATCH', '/api/settings', { scope: '', authorizationContentType: 'application/json' });
  });

  test('accessTokenTtl changes expires_in of the next token answer', async () => {
    await plugin.api.call('PATCH', '/api/settings', { accessTokenTtl: 59 });
    try {
      const { tokens } = await plugin.gpt.install(plugin.user);
      expect(tokens.expires_in).toBe(59);
      const grant = (await plugin.api.get<GrantView[]>('/api/grants')).find(
        (candidate) => Date.parse(candidate.accessTokenExpiresAt) - Date.parse(candidate.createdAt) <= 60_000,
      );
      expect(grant).toBeDefined();
    } finally {
      await plugin.api.call('PATCH', '/api/settings', { accessTokenTtl: 3600 });
    }
    expect((await plugin.gpt.install(plugin.user)).tokens.expires_in).toBe(3600);
  });

  test('publicUrl makes every manifest URL absolute on it', async () => {
    await plugin.api.call('PATCH', '/api/settings', { publicUrl: 'https://plugin.example.com' });
    try {
      const manifest = (await plugin.gpt.fetchManifest()).json;
      expect(manifest.auth.client_url).toBe('https://plugin.example.com/oauth/authorize');
      expect(manifest.api.url).toBe('https://plugin.example.com/openapi.yaml');
      expect((await plugin.api.get('/api/status')).publicUrl).toBe('https://plugin.example.com');
    } finally {
      await plugin.api.call('PATCH', '/api/settings', { publicUrl: '' });
    }
  });

  test.each([
    [{ accessTokenTtl: 0 }, 'accessTokenTtl'],
    [{ authorizationContentType: 'text/plain' }, 'authorizationContentType'],
    [{ redirectUris: ['not a url'] }, 'redirectUris.0'],
    [{ manifest: { name_for_model: 'has spaces' } }, 'manifest.name_for_model'],
    [{ manifest: { name_for_human: 'a name far longer than twenty characters' } }, 'manifest.name_for_human'],
    [{ unknownSetting: true }, ''],
  ])('PATCH /api/settings %j: 400 naming the field, nothing changed', async (patch, field) => {
    const before = await plugin.api.get<Settings>('/api/settings');
    const response = await plugin.api.send('PATCH', '/api/settings', patch);
    expect(response.status).toBe(400);
    expect(response.json.error.code).toBe('invalid_input');
    if (field) {
      expect(response.json.error.field).toBe(field);
      expect(response.json.error.message).toContain(field);
    }
    expect(await plugin.api.get<Settings>('/api/settings')).toEqual(before);
  });
});

test('trafficRingSize bounds the in-memory log from the next request on', async () => {
  await plugin.api.call('PATCH', '/api/settings', { trafficRingSize: 100 });
  try {
    for (let batch = 0; batch < 11; batch++) await Promise.all(Array.from({ length: 10 }, () => plugin.gpt.fetchManifest()));
    await plugin.api.waitForEntry(() => true);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await plugin.api.get('/api/traffic')).toHaveLength(100);
  } finally {
    await plugin.api.call('PATCH', '/api/settings', { trafficRingSize: 5000 });
  }
});

describe('client credentials', () => {
  test('PUT /api/client: the token endpoint accepts the new credentials at once and refuses the old ones', async () => {
    const next = { id: 'renamed-plugin', secret: 'cs_renamed_SECRET_abcdefghijklmnop' };
    const put = await plugin.api.send('PUT', '/api/client', next);
    expect(put.status).toBe(200);
    expect(put.json).toMatchObject({ id: next.id, secret: next.secret, secretFingerprint: expect.stringContaining(next.secret.slice(-4)) });
    try {
      const renamed = plugin.chatGpt({ clientId: next.id, clientSecret: next.secret });
      const { code } = await renamed.obtainCode(plugin.user);
      const mark = randomUUID();
      const old = await plugin.gpt.exchangeCode(code, {}, { headers: { [markHeader]: mark } });
      expect(old.status).toBe(401);
      expect(noteOf(await plugin.api.entryMarked(mark), 'unknown_client').message).toContain(next.id);
      expect((await renamed.exchangeCode(code)).status).toBe(200);
      expect((await plugin.gpt.authorize()).response.status).toBe(400);
    } finally {
      await plugin.api.call('PUT', '/api/client', { ...knownClient });
    }
  });

  test('PUT /api/client with a short secret or spaces: 400 naming the field, credentials unchanged', async () => {
    for (const [body, field] of [
      [{ id: 'ok-id', secret: 'short' }, 'secret'],
      [{ id: 'has space', secret: 'cs_long_enough_secret_123456' }, 'id'],
    ] as const) {
      const response = await plugin.api.send('PUT', '/api/client', body);
      expect(response.status).toBe(400);
      expect(response.json.error.field).toBe(field);
    }
    expect(await plugin.api.get<ClientView>('/api/client')).toMatchObject({ ...knownClient });
  });

  test('POST /api/client/rotate-secret: a new secret works at once, the old one is named as a mismatch', async () => {
    const rotated = await plugin.api.call<ClientView>('POST', '/api/client/rotate-secret');
    try {
      expect(rotated.id).toBe(knownClient.id);
      expect(rotated.secret).not.toBe(knownClient.secret);
      expect(rotated.secret.length).toBeGreaterThanOrEqual(32);
      expect(rotated.rotatedAt).not.toBeNull();
      const { code } = await plugin.gpt.obtainCode(plugin.user);
      const mark = randomUUID();
      expect((await plugin.gpt.exchangeCode(code, {}, { headers: { [markHeader]: mark } })).status).toBe(401);
      const mismatch = noteOf(await plugin.api.entryMarked(mark), 'client_secret_mismatch').message;
      expect(mismatch).toContain(rotated.secret.slice(-4));
      expect(mismatch).toContain('the secret from before the last rotation');
      expect((await plugin.chatGpt({ clientSecret: rotated.secret }).exchangeCode(code)).status).toBe(200);
    } finally {
      await plugin.api.call('PUT', '/api/client', { ...knownClient });
    }
  });
});

describe('grants', () => {
  test('GET /api/grants lists active grants per user without token material; DELETE /api/grants/:id revokes one', async () => {
    const { tokens, flowId } = await plugin.gpt.install(plugin.user);
    const listed = await plugin.api.send('GET', '/api/grants');
    expect(listed.status).toBe(200);
    expect(listed.text).not.toContain(tokens.access_token);
    expect(listed.text).not.toContain(tokens.refresh_token);
    expect(listed.text).not.toMatch(/Hash/);
    const grant = (listed.json as GrantView[]).find((candidate) => candidate.flowId === flowId)!;
    expect(grant).toMatchObject({ clientId: knownClient.id, userId: plugin.user.id, userEmail: plugin.user.email, state: 'active' });

    await plugin.api.call('DELETE', `/api/grants/${grant.id}`);
    expect((await plugin.api.get<GrantView[]>('/api/grants')).map((candidate) => candidate.id)).not.toContain(grant.id);
    expect((await plugin.gpt.callApi(tokens.access_token)).status).toBe(401);
    expect((await plugin.gpt.refresh(tokens.refresh_token)).status).toBe(400);
    expect((await plugin.api.send('DELETE', `/api/grants/${grant.id}`)).status).toBe(404);
  });

  test('expire-access-tokens marks grants access-expired, still listed as refreshable', async () => {
    const { flowId } = await plugin.gpt.install(plugin.user);
    await plugin.api.call('POST', '/api/faults', { kind: 'expire-access-tokens' });
    const grant = (await plugin.api.get<GrantView[]>('/api/grants')).find((candidate) => candidate.flowId === flowId);
    expect(grant?.state).toBe('access-expired');
  });
});

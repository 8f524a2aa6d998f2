import type { Request, Response } from 'express';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { addNote, annotate } from '../../../server/traffic/annotations';
import type { TrafficEntry } from '../../../server/traffic/traffic-entry';
import { configuredSecret, type RecordedApp, startRecordedApp } from './recorded-app';

const fullAnswer = { access_token: 'at-0123456789abcdef', token_type: 'bearer', refresh_token: 'rt-0123456789abcdef', expires_in: 59 };
type Handler = (req: Request, res: Response) => void;
let tokenHandler: Handler;
let apiHandler: Handler;
let introspectHandler: Handler;
let app: RecordedApp;

beforeAll(async () => {
  app = await startRecordedApp((express) => {
    express.post('/oauth/token', (req, res) => tokenHandler(req, res));
    express.get('/.well-known/ai-plugin.json', (_req, res) =>
      res.json({ schema_version: 'v1', auth: { type: 'oauth', verification_tokens: { openai: app.settings.verificationToken } } }),
    );
    express.get('/oauth/authorize', (_req, res) => res.type('html').send('<form method="post"></form>'));
    express.get('/api/todos', (req, res) => {
      annotate(res, { kind: 'api' });
      apiHandler(req, res);
    });
    express.post('/oauth/introspect', (req, res) => introspectHandler(req, res));
  });
});
afterAll(() => app.close());
beforeEach(async () => {
  tokenHandler = (_req, res) => res.json(fullAnswer);
  apiHandler = (_req, res) => res.json({ todos: [] });
  introspectHandler = (_req, res) => res.json({ active: true });
  Object.assign(app.settings, { authorizationContentType: 'application/json', verificationToken: 'c6b1f0e2a9d84e37b5a1' });
  await app.log.clear();
});

const codeFields = {
  grant_type: 'authorization_code',
  client_id: 'client-1',
  client_secret: configuredSecret,
  code: 'code-0123456789',
  redirect_uri: 'https://chat.openai.com/aip/plugin-1/oauth/callback',
};

async function send(path: string, init: RequestInit = {}): Promise<TrafficEntry> {
  const marker = `${Date.now()}-${Math.random()}`;
  const separator = path.includes('?') ? '&' : '?';
  await fetch(`${app.url}${path}${separator}marker=${marker}`, { redirect: 'manual', ...init });
  return app.entry((entry) => entry.query.marker === marker);
}

const postJson = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  send(path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
const postForm = (path: string, body: Record<string, string>, headers: Record<string, string> = {}) =>
  send(path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(body).toString(),
  });
const codes = (entry: TrafficEntry) => entry.notes.map((note) => note.code);
const note = (entry: TrafficEntry, code: string) => entry.notes.find((one) => one.code === code);

describe('wire diagnoses', () => {
  it('a ChatGPT-shaped token exchange gets no notes', async () => {
    expect((await postJson('/oauth/token', codeFields)).notes).toEqual([]);
  });

  it('content_type_mismatch: form body while the manifest declares JSON, naming what arrived and what was parsed', async () => {
    const entry = await postForm('/oauth/token', codeFields);
    expect(note(entry, 'content_type_mismatch')).toEqual({
      level: 'warn',
      code: 'content_type_mismatch',
      message: expect.stringContaining('"application/x-www-form-urlencoded"'),
    });
    const message = note(entry, 'content_type_mismatch')!.message;
    expect(message).toContain('authorization_content_type "application/json"');
    expect(message).toContain('Fields parsed: grant_type, client_id, client_secret, code, redirect_uri');

    app.settings.authorizationContentType = 'application/x-www-form-urlencoded';
    expect(codes(await postForm('/oauth/token', codeFields))).not.toContain('content_type_mismatch');
    expect(note(await postJson('/oauth/token', codeFields), 'content_type_mismatch')?.message).toContain(
      'declares authorization_content_type "application/x-www-form-urlencoded"',
    );
  });

  it('token_body_empty: a body no parser could read', async () => {
    tokenHandler = (_req, res) => res.status(400).json({ error: 'invalid_request' });
    const entry = await send('/oauth/token', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'grant_type=authorization_code',
    });
    expect(note(entry, 'token_body_empty')).toMatchObject({ level: 'error' });
    expect(note(entry, 'token_body_empty')!.message).toContain('29 bytes with Content-Type "text/plain"');
    expect(note(entry, 'content_type_mismatch')!.message).toContain('Fields parsed: none');

    const empty = await send('/oauth/token', { method: 'POST' });
    expect(note(empty, 'token_body_empty')!.message).toContain('an empty body with Content-Type (none)');
    expect(codes(await postJson('/oauth/token', codeFields))).not.toContain('token_body_empty');
  });

  it('pkce_sent: PKCE parameters at authorize and at the token endpoint', async () => {
    const authorize = await send(
      '/oauth/authorize?response_type=code&client_id=client-1&code_challenge=abc&code_challenge_method=S256&scope=x',
    );
    expect(note(authorize, 'pkce_sent')).toMatchObject({
      level: 'info',
      message: expect.stringContaining('code_challenge, code_challenge_method'),
    });
    const token = await postJson('/oauth/token', { ...codeFields, code_verifier: 'v'.repeat(43) });
    expect(note(token, 'pkce_sent')?.message).toContain('(code_verifier)');
    expect(codes(await send('/oauth/authorize?response_type=code&scope=x'))).not.toContain('pkce_sent');
  });

  it('scope_empty: scope present but empty, not when absent or set', async () => {
    const entry = await send('/oauth/authorize?response_type=code&client_id=client-1&scope=&state=s');
    expect(note(entry, 'scope_empty')).toMatchObject({ level: 'info', message: expect.stringContaining('present but empty') });
    expect(codes(await send('/oauth/authorize?response_type=code&client_id=client-1&state=s'))).not.toContain('scope_empty');
    expect(codes(await send('/oauth/authorize?response_type=code&scope=todos'))).not.toContain('scope_empty');
    expect(codes(await postJson('/oauth/token', { ...codeFields, scope: '' }))).toContain('scope_empty');
  });

  it('no_refresh_token: a 200 token answer with expires_in and no refresh_token', async () => {
    tokenHandler = (_req, res) => res.json({ access_token: 'at-0123456789abcdef', token_type: 'bearer', expires_in: 59 });
    const entry = await postJson('/oauth/token', codeFields);
    expect(note(entry, 'no_refresh_token')).toMatchObject({
      level: 'warn',
      message: expect.stringContaining('User is missing credentials'),
    });
    tokenHandler = (_req, res) => res.json({ access_token: 'at-0123456789abcdef', token_type: 'bearer' });
    expect(codes(await postJson('/oauth/token', codeFields))).not.toContain('no_refresh_token');
  });

  it('verification_token_missing and verification_token_placeholder when the manifest is served', async () => {
    app.settings.verificationToken = '';
    expect(note(await send('/.well-known/ai-plugin.json'), 'verification_token_missing')).toMatchObject({ level: 'warn' });
    for (const placeholder of ['YOUR_TOKEN_HERE', '<verification token>', 'changeme', 'xxxxxx', '{{OPENAI_TOKEN}}']) {
      app.settings.verificationToken = placeholder;
      const entry = await send('/.well-known/ai-plugin.json');
      expect(codes(entry), placeholder).toEqual(['verification_token_placeholder']);
    }
    app.settings.verificationToken = 'c6b1f0e2a9d84e37b5a1';
    expect((await send('/.well-known/ai-plugin.json')).notes).toEqual([]);
  });

  it('verification_token_is_client_secret, with the secret masked in the served manifest', async () => {
    app.settings.verificationToken = configuredSecret;
    const entry = await send('/.well-known/ai-plugin.json');
    expect(note(entry, 'verification_token_is_client_secret')).toMatchObject({ level: 'error' });
    expect(JSON.stringify(entry)).not.toContain(configuredSecret);
  });

  it('html_instead_of_json at the token, API and introspection endpoints, not at authorize', async () => {
    tokenHandler = (_req, res) => res.type('html').send('<!DOCTYPE html><title>ngrok</title>You are about to visit');
    expect(note(await postJson('/oauth/token', codeFields), 'html_instead_of_json')).toMatchObject({
      level: 'warn',
      message: expect.stringContaining('token endpoint'),
    });
    apiHandler = (_req, res) => res.status(200).type('html').send('<html>Please sign in</html>');
    expect(codes(await send('/api/todos'))).toContain('html_instead_of_json');
    introspectHandler = (_req, res) => res.type('html').send('<html></html>');
    expect(codes(await postJson('/oauth/introspect', { token: 'x' }))).toContain('html_instead_of_json');
    expect(codes(await send('/oauth/authorize?response_type=code'))).not.toContain('html_instead_of_json');
  });

  it('client_credentials_conflict: Basic and body credentials that disagree', async () => {
    const basic = (id: string, secret: string) => ({ authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}` });
    const entry = await postJson('/oauth/token', codeFields, basic('client-1', 'another-secret-00001111'));
    const conflict = note(entry, 'client_credentials_conflict');
    expect(conflict).toMatchObject({ level: 'error' });
    expect(conflict!.message).toContain('secret •••• 1111 (does not match the configured client secret)');
    expect(conflict!.message).toContain('secret •••• 5b4a (matches the configured client secret)');

    const otherId = await postJson(
      '/oauth/token',
      { ...codeFields, client_secret: undefined, client_id: 'client-2' },
      basic('client-1', configuredSecret),
    );
    expect(codes(otherId)).toContain('client_credentials_conflict');
    expect(codes(await postJson('/oauth/token', codeFields, basic('client-1', configuredSecret)))).not.toContain(
      'client_credentials_conflict',
    );
    const basicOnly = { ...codeFields, client_id: undefined, client_secret: undefined };
    expect(codes(await postJson('/oauth/token', basicOnly, basic('client-1', 'another-secret-00001111')))).not.toContain(
      'client_credentials_conflict',
    );
  });

  it("does not repeat a diagnosis the handler already gave, and keeps the handler's notes first", async () => {
    tokenHandler = (_req, res) => {
      addNote(res, 'error', 'client_credentials_conflict', 'handler says: both credentials, and they differ');
      addNote(res, 'error', 'invalid_client', 'The client secret does not match.');
      res.status(401).json({ error: 'invalid_client' });
    };
    const basic = { authorization: `Basic ${Buffer.from('client-1:another-secret-00001111').toString('base64')}` };
    const entry = await postForm('/oauth/token', codeFields, basic);
    expect(codes(entry)).toEqual(['client_credentials_conflict', 'invalid_client', 'content_type_mismatch']);
    expect(entry.notes[0].message).toBe('handler says: both credentials, and they differ');
  });
});

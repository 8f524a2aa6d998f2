import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ErrorRequestHandler } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { annotate } from '../../../server/traffic/annotations';
import { configuredSecretMask } from '../../../server/traffic/client-secret-mask';
import { SecretMasker } from '../../../server/traffic/masking';
import { RecentSecrets } from '../../../server/traffic/recent-secrets';
import { fixedClientSecret, maskedClientSecret } from '../../../server/traffic/secret-fingerprint';
import type { TrafficLogEvent } from '../../../server/traffic/traffic-log';
import { configuredSecret, type RecordedApp, startRecordedApp } from './recorded-app';

const secrets = {
  configuredSecret,
  wrongSecret: 'wrong-secret-Zq81XyPw0000',
  password: 'hunter2-Correct-Horse',
  csrf: 'csrf-Tk-77aa88bb99cc',
  code: 'code-AbCdEf0123456789xyz',
  accessToken: 'at-Q1w2E3r4T5y6U7i8O9p0',
  refreshToken: 'rt-Z9x8C7v6B5n4M3l2K1j0',
  session: 'sess-0f1e2d3c4b5a69788796',
  verifier: 'verifier-pkce-abcdefghijklmnopqrstuvwxyz012345',
  tornSecret: 'torn-json-secret-55667788',
};
const callback = 'https://chat.openai.com/aip/plugin-1234/oauth/callback';
const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

let app: RecordedApp;
let dataDir: string;
const streamed: TrafficLogEvent[] = [];

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'handshake-masking-'));
  app = await startRecordedApp(
    (express) => {
      express.get('/oauth/authorize', (_req, res) => {
        res.cookie('hs_session', secrets.session, { httpOnly: true });
        res
          .type('html')
          .send(
            `<form method="post"><input type="hidden" name="csrf" value="${secrets.csrf}"><input name="password" type="password"></form>`,
          );
      });
      express.post('/oauth/authorize', (req, res) => {
        annotate(res, { flowId: 'flow-1' });
        res.redirect(302, `${req.body.redirect_uri}?code=${secrets.code}&state=${req.body.state}`);
      });
      express.post('/oauth/token', (req, res) => {
        if (req.body.code === 'reused') {
          res.status(400).json({ error: 'invalid_grant', error_description: `code ${secrets.code} was already used` });
          return;
        }
        res.json({ access_token: secrets.accessToken, token_type: 'bearer', refresh_token: secrets.refreshToken, expires_in: 59 });
      });
      express.get('/api/todos', (req, res) => {
        annotate(res, { kind: 'api' });
        res.json({ todos: [], seenAuthorization: req.headers.authorization });
      });
      express.post('/oauth/introspect', (_req, res) => res.json({ active: true }));
      express.post('/oauth/revoke', (_req, res) => res.sendStatus(200));
      const malformed: ErrorRequestHandler = (_error, _req, res, _next) => {
        res.status(400).json({ error: 'invalid_request', error_description: 'the body is not valid JSON' });
      };
      express.use(malformed);
    },
    { log: { dataDir } },
  );
  app.log.subscribe((event) => streamed.push(event));

  const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
  const formHeaders = { 'content-type': 'application/x-www-form-urlencoded' };
  const jsonHeaders = { 'content-type': 'application/json' };
  const post = (path: string, headers: Record<string, string>, body: string) =>
    fetch(`${app.url}${path}`, { method: 'POST', headers, body, redirect: 'manual' });

  await fetch(
    `${app.url}/oauth/authorize?response_type=code&client_id=client-1&redirect_uri=${encodeURIComponent(callback)}&scope=&state=s1`,
  );
  await post(
    '/oauth/authorize',
    { ...formHeaders, cookie: `hs_session=${secrets.session}` },
    form({
      email: 'ada@example.com',
      password: secrets.password,
      csrf: secrets.csrf,
      client_id: 'client-1',
      redirect_uri: callback,
      state: 's1',
    }),
  );
  await post(
    '/oauth/token',
    jsonHeaders,
    JSON.stringify({
      grant_type: 'authorization_code',
      client_id: 'client-1',
      client_secret: secrets.configuredSecret,
      code: secrets.code,
      redirect_uri: callback,
    }),
  );
  await post(
    '/oauth/token',
    formHeaders,
    form({
      grant_type: 'authorization_code',
      client_id: 'client-1',
      client_secret: secrets.wrongSecret,
      code: 'reused',
      code_verifier: secrets.verifier,
    }),
  );
  await post(
    '/oauth/token',
    { ...formHeaders, authorization: basic('client-1', secrets.wrongSecret) },
    form({ grant_type: 'refresh_token', refresh_token: secrets.refreshToken }),
  );
  await post(
    '/oauth/token',
    jsonHeaders,
    `{"grant_type":"authorization_code","client_secret":"${secrets.tornSecret}","code":"${secrets.code}"`,
  );
  await fetch(`${app.url}/api/todos?access_token=${secrets.accessToken}`, { headers: { authorization: `Bearer ${secrets.accessToken}` } });
  await post(
    '/oauth/introspect',
    { ...formHeaders, authorization: basic('client-1', secrets.configuredSecret) },
    form({ token: secrets.accessToken }),
  );
  await post('/oauth/revoke', jsonHeaders, JSON.stringify({ token: secrets.refreshToken, client_secret: secrets.configuredSecret }));
  await app.entry((e) => e.path === '/oauth/revoke');
  await app.log.flush();
}, 20_000);

afterAll(async () => {
  await app.close();
  await rm(dataDir, { recursive: true, force: true });
});

function leakedSecrets(text: string): string[] {
  return Object.entries(secrets)
    .filter(([, secret]) => text.includes(secret))
    .map(([name]) => name);
}

describe('masking', () => {
  it('recorded all nine requests', () => {
    expect(app.log.size).toBe(9);
  });

  it('leaves no raw secret in the ring, the list or any entry', () => {
    const everything = JSON.stringify(app.log.entries()) + JSON.stringify(app.log.list());
    expect(leakedSecrets(everything)).toEqual([]);
    for (const { id } of app.log.list()) expect(leakedSecrets(JSON.stringify(app.log.get(id)))).toEqual([]);
  });

  it('leaves no raw secret in the NDJSON history files', async () => {
    const files = await readdir(join(dataDir, 'traffic'));
    expect(files.length).toBeGreaterThan(0);
    const history = (await Promise.all(files.map((file) => readFile(join(dataDir, 'traffic', file), 'utf8')))).join('');
    expect(history.split('\n').filter(Boolean)).toHaveLength(9);
    expect(leakedSecrets(history)).toEqual([]);
  });

  it('leaves no raw secret in the live stream', () => {
    expect(streamed.filter((event) => event.type === 'traffic')).toHaveLength(9);
    expect(leakedSecrets(JSON.stringify(streamed))).toEqual([]);
  });

  it('leaves no raw secret in the HAR export', () => {
    const har = JSON.stringify(app.log.toHar());
    expect(har.length).toBeGreaterThan(1000);
    expect(leakedSecrets(har)).toEqual([]);
  });

  it('shows the client secret as a fingerprint with a verdict, in fields, raw text and the Basic header', () => {
    const tokens = app.log.entries().filter((e) => e.kind === 'token');
    const [right, wrong, basicWrong, torn] = tokens;
    expect((right.request.body?.parsed as Record<string, string> | undefined)?.client_secret).toBe(
      '•••• 5b4a (matches the configured client secret)',
    );
    expect(right.request.body?.text).toContain('"client_secret":"•••• 5b4a (matches the configured client secret)"');
    expect((wrong.request.body?.parsed as Record<string, string> | undefined)?.client_secret).toBe(
      '•••• 0000 (does not match the configured client secret)',
    );
    expect(basicWrong.request.headers.authorization).toBe('Basic client-1:•••• 0000 (does not match the configured client secret)');
    expect(torn.request.body?.parsed).toBeNull();
    expect(torn.request.body?.text).toContain('"client_secret":"•••• 7788 (does not match the configured client secret)"');
    const introspect = app.log.entries().find((e) => e.kind === 'introspect')!;
    expect(introspect.request.headers.authorization).toBe('Basic client-1:•••• 5b4a (matches the configured client secret)');
  });

  it('masks codes in the Location header, the redirect page and a later error message', () => {
    const login = app.log.entries().find((e) => e.kind === 'login')!;
    expect(login.response.headers.location).toBe(`${callback}?code=•••• 9xyz&state=s1`);
    expect(login.response.body?.text).toContain('code=•••• 9xyz');
    const reused = app.log.entries().filter((e) => e.kind === 'token')[1];
    expect((reused.response.body?.parsed as Record<string, string> | undefined)?.error_description).toBe('code •••• 9xyz was already used');
  });

  it('masks passwords, csrf tokens, cookies, bearer tokens and tokens in queries and answers', () => {
    const [authorize, login] = app.log.entries();
    expect(authorize.response.headers['set-cookie']).toMatch(/^hs_session=•••• 8796; Path=\/; HttpOnly$/);
    expect(authorize.response.body?.text).toContain('name="csrf" value="•••• 99cc"');
    expect(login.request.headers.cookie).toBe('hs_session=•••• 8796');
    expect(login.request.body?.parsed).toMatchObject({ password: '••••', csrf: '•••• 99cc', email: 'ada@example.com' });
    const api = app.log.entries().find((e) => e.kind === 'api')!;
    expect(api.request.headers.authorization).toBe('Bearer •••• O9p0');
    expect(api.query.access_token).toBe('•••• O9p0');
    expect(api.response.body?.parsed).toMatchObject({ seenAuthorization: 'Bearer •••• O9p0' });
    const right = app.log.entries().find((e) => e.kind === 'token')!;
    expect(right.response.body?.parsed).toMatchObject({ access_token: '•••• O9p0', refresh_token: '•••• K1j0', expires_in: 59 });
  });
});

describe('SecretMasker on free text', () => {
  it('masks key=value and "key": "value" pairs it was not told about, and Bearer tokens', () => {
    const masker = new SecretMasker(fixedClientSecret(''));
    expect(masker.text('grant_type=refresh_token&refresh_token=abcdefgh12345678&x=1')).toBe(
      'grant_type=refresh_token&refresh_token=•••• 5678&x=1',
    );
    expect(masker.text('{"password" : "p@ss w0rd!!", "user":"ada"}')).toBe('{"password" : "••••", "user":"ada"}');
    expect(masker.text('Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig')).toBe('Authorization: Bearer •••• .sig');
    expect(masker.text('{"client_secret":"abcdefgh1234"}')).toBe(
      '{"client_secret":"•••• 1234 (does not match the configured client secret)"}',
    );
  });

  it('masks a secret it saw once everywhere it shows up again, in any spelling', () => {
    const masker = new SecretMasker(fixedClientSecret(''));
    masker.collectFields({ token: 'a b&c/d+e=f' });
    expect(masker.text('token=a+b%26c%2Fd%2Be%3Df and "a b&c/d+e=f" and a b&amp;c/d+e=f')).toBe(
      'token=•••• +e=f and "•••• +e=f" and •••• +e=f',
    );
  });

  it('masks the configured client secret wherever it appears', () => {
    const masker = new SecretMasker(fixedClientSecret('the-configured-secret-1234'));
    expect(masker.text('x-debug: the-configured-secret-1234')).toBe('x-debug: •••• 1234 (matches the configured client secret)');
  });

  it('leaves `code` fields of plugin API payloads readable, and still masks a known authorization code there', () => {
    const recent = new RecentSecrets();
    new SecretMasker(fixedClientSecret(''), recent).collectFields({ code: 'code-AbCdEf0123456789xyz' });
    const api = new SecretMasker(fixedClientSecret(''), recent, false);
    expect(api.fields({ code: 'E_NOT_FOUND', token: 'abcdefgh12345678' })).toEqual({ code: 'E_NOT_FOUND', token: '•••• 5678' });
    expect(api.text('{"code":"E_NOT_FOUND","echo":"code-AbCdEf0123456789xyz"}')).toBe('{"code":"E_NOT_FOUND","echo":"•••• 9xyz"}');
    expect(new SecretMasker(fixedClientSecret('')).text('{"code":"E_NOT_FOUND"}')).toBe('{"code":"•••• OUND"}');
  });

  it('shows security-policy headers as sent and still masks a secret in any other header', () => {
    const masker = new SecretMasker(fixedClientSecret(''));
    masker.collectFields({ access_token: secrets.accessToken });
    const policy = "default-src 'none'; frame-ancestors 'none'";
    expect(
      masker.headers({ 'Content-Security-Policy': policy, 'X-Frame-Options': 'SAMEORIGIN', 'X-Echo': `token ${secrets.accessToken}` }),
    ).toEqual({
      'content-security-policy': policy,
      'x-frame-options': 'SAMEORIGIN',
      'x-echo': `token •••• ${secrets.accessToken.slice(-4)}`,
    });
  });

  it('shows short secrets without any of their characters', () => {
    const masker = new SecretMasker(fixedClientSecret(''));
    expect(masker.fields({ password: 'abc', code: 'x1' })).toEqual({ password: '••••', code: '••••' });
  });
});

describe('the configured client secret’s mask', () => {
  it('is one text wherever it is written: the masker’s verdict and the reveal agree', () => {
    for (const secret of ['hss_0123456789abcdefWXYZ', 'short']) {
      expect(maskedClientSecret(secret, fixedClientSecret(secret), undefined)).toBe(configuredSecretMask(secret));
      expect(new SecretMasker(fixedClientSecret(secret)).text(`x ${secret} y`)).toBe(
        secret.length >= 6 ? `x ${configuredSecretMask(secret)} y` : `x ${secret} y`,
      );
    }
  });
});

import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startTestCore, testUser } from '../../chatgpt-simulator/test-core';
import { storeFileName } from '../../../server/store/database';

describe('store', () => {
  it('survives a restart: tokens issued before it work after it, refresh included', async () => {
    let running = await startTestCore();
    const { token } = await running.simulator().install(testUser.email, testUser.password);
    running = await running.restart();
    try {
      expect((await running.simulator().callApi('/me', token.access_token)).status).toBe(200);
      expect((await running.simulator().refresh(token.refresh_token)).status).toBe(200);
    } finally {
      await running.close();
    }
  });

  it('stores no password, token or code in the clear', async () => {
    const running = await startTestCore();
    try {
      const chatgpt = running.simulator();
      const code = await chatgpt.signIn(testUser.email, testUser.password);
      const token = (await chatgpt.exchangeCode(code)).body;
      const file = readFileSync(join(running.dataDir, storeFileName), 'utf8');
      for (const secret of [testUser.password, code, token.access_token, token.refresh_token]) expect(file).not.toContain(secret);
      expect(file).toMatch(/"passwordHash": "scrypt\$/);
    } finally {
      await running.close();
    }
  });

  it('moves an unreadable data file aside with a message instead of overwriting it', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'handshake-corrupt-'));
    const garbage = '{"version": 1, "settings": {"manifest": {"name_for_hu';
    writeFileSync(join(dataDir, storeFileName), garbage);
    const running = await startTestCore({}, dataDir);
    try {
      const aside = readdirSync(dataDir).find((name) => name.startsWith(`${storeFileName}.corrupt-`));
      expect(aside).toBeDefined();
      expect(readFileSync(join(dataDir, aside!), 'utf8')).toBe(garbage);
      expect(running.logs.join('\n')).toMatch(/moved aside/);
      expect(JSON.parse(readFileSync(join(dataDir, storeFileName), 'utf8')).version).toBe(1);
    } finally {
      await running.close();
    }
  });

  it('moves aside a file that parses but is not a Handshake store', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'handshake-foreign-'));
    writeFileSync(join(dataDir, storeFileName), '{"hello": "world"}');
    const running = await startTestCore({}, dataDir);
    try {
      expect(readdirSync(dataDir).some((name) => name.startsWith(`${storeFileName}.corrupt-`))).toBe(true);
    } finally {
      await running.close();
    }
  });

  it('creates a client and a demo user on first start and says where to see them', async () => {
    const running = await startTestCore();
    try {
      const log = running.logs.join('\n');
      expect(log).toMatch(/demo user demo@handshake\.local with password (\S+)/);
      const password = /with password (\S+)/.exec(log)![1];
      expect((await running.simulator().signIn('demo@handshake.local', password)).startsWith('hsc_')).toBe(true);
      expect(log).toContain(running.client.id);
      expect(log).not.toContain(running.client.secret);
      if (process.platform !== 'win32') expect(statSync(running.dataDir).mode & 0o077).toBe(0);
    } finally {
      await running.close();
    }
  });

  it('writes atomically: no temporary file is left behind and the file is always complete JSON', async () => {
    const running = await startTestCore();
    try {
      await Promise.all(Array.from({ length: 30 }, (_, i) => running.core.control.createUser({ email: `u${i}@example.com`, password: 'password-123' })));
      const file = readFileSync(join(running.dataDir, storeFileName), 'utf8');
      expect(JSON.parse(file).users.length).toBeGreaterThanOrEqual(31);
      expect(readdirSync(running.dataDir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    } finally {
      await running.close();
    }
  });
});

describe('client secret sealed by the desktop keychain', () => {
  const keychain = { encrypted: true, seal: (plain: string) => Buffer.from(plain).toString('base64'), open: (sealed: string) => Buffer.from(sealed, 'base64').toString() };

  it('is stored sealed, works in the desktop app, and is reported (not overwritten) where it cannot be opened', async () => {
    let running = await startTestCore({ secretBox: keychain });
    const { secret } = running.client;
    const file = () => readFileSync(join(running.dataDir, storeFileName), 'utf8');
    expect(file()).not.toContain(secret);
    expect(file()).toContain('"secret": "sealed:');
    expect((await running.simulator().install(testUser.email, testUser.password)).token.access_token).toMatch(/^hsa_/);

    await running.core.stop();
    running = await startTestCore({}, running.dataDir);
    try {
      const sealed = file();
      expect((await running.core.control.getStatus()).warnings.join(' ')).toMatch(/encrypted by the desktop app's keychain/);
      const chatgpt = running.simulator({ clientSecret: secret });
      const code = await chatgpt.signIn(testUser.email, testUser.password);
      const refused = await chatgpt.exchangeCode(code);
      expect(refused.status).toBe(401);
      expect(refused.body.error).toBe('invalid_client');
      expect(JSON.parse(file()).client.secret).toBe(JSON.parse(sealed).client.secret);
      await running.core.control.setClient({ id: running.client.id, secret: 'a-new-headless-secret-123' });
      expect((await running.core.control.getStatus()).warnings.join(' ')).not.toMatch(/keychain/);
    } finally {
      await running.close();
    }
  });
});

describe('shutdown', () => {
  it('keeps the traffic entries of requests answered just before stop', async () => {
    let running = await startTestCore();
    await fetch(`${running.baseUrl}/.well-known/ai-plugin.json`).then((response) => response.text());
    await fetch(`${running.baseUrl}/oauth/token`, { method: 'POST' }).then((response) => response.text());
    running = await running.restart();
    try {
      const kinds = (await running.core.control.listTraffic({})).map((entry) => entry.kind);
      expect(kinds).toEqual(expect.arrayContaining(['manifest', 'token']));
    } finally {
      await running.close();
    }
  });
});

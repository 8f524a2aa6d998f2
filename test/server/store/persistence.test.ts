import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { storeFileName } from '../../../server/store/database';
import { journalFileName } from '../../../server/store/journal';
import { startTestCore as startCore, type TestCore, type TestCoreOptions } from '../support/test-core';

const testUser = { email: 'ada@example.com', password: 'correct horse battery', name: 'Ada' };

/** A real core (with the control listener) in a fresh data folder, with one known user. */
const startTestCore = (options: TestCoreOptions = {}): Promise<TestCore> => startCore({ users: [testUser], ...options });

describe('store', () => {
  it('survives a restart: tokens issued before it work after it, refresh included', async () => {
    let running = await startTestCore();
    const { tokens: token } = await running.chatGpt().install(testUser);
    running = await running.restart();
    try {
      expect((await running.chatGpt().callApi(token.access_token, '/me')).status).toBe(200);
      expect((await running.chatGpt().refresh(token.refresh_token)).status).toBe(200);
    } finally {
      await running.close();
    }
  });

  it('stores no password, token or code in the clear', async () => {
    const running = await startTestCore();
    try {
      const chatgpt = running.chatGpt();
      const { code } = await chatgpt.obtainCode(testUser);
      const token = (await chatgpt.exchangeCode(code)).json;
      const refreshed = (await chatgpt.refresh(token.refresh_token)).json;
      const file = readFileSync(join(running.dataDir, storeFileName), 'utf8');
      // The code, the grant and the refresh are in the journal until the next snapshot.
      const journal = readFileSync(join(running.dataDir, journalFileName), 'utf8');
      expect(journal).not.toBe('');
      for (const secret of [
        testUser.password,
        code,
        token.access_token,
        token.refresh_token,
        refreshed.access_token,
        refreshed.refresh_token,
      ]) {
        expect(file).not.toContain(secret);
        expect(journal).not.toContain(secret);
      }
      expect(file).toMatch(/"passwordHash": "scrypt\$/);
    } finally {
      await running.close();
    }
  });

  it('moves an unreadable data file aside with a message instead of overwriting it', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'handshake-corrupt-'));
    const garbage = '{"version": 1, "settings": {"manifest": {"name_for_hu';
    writeFileSync(join(dataDir, storeFileName), garbage);
    const running = await startTestCore({ dataDir });
    try {
      const aside = readdirSync(dataDir).find((name) => name.startsWith(`${storeFileName}.corrupt-`));
      expect(aside).toBeDefined();
      expect(readFileSync(join(dataDir, aside!), 'utf8')).toBe(garbage);
      expect(running.logs.join('\n')).toMatch(/moved aside/);
      expect(JSON.parse(readFileSync(join(dataDir, storeFileName), 'utf8')).version).toBe(1);
    } finally {
      await running.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('moves aside a file that parses but is not a Handshake store', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'handshake-foreign-'));
    writeFileSync(join(dataDir, storeFileName), '{"hello": "world"}');
    const running = await startTestCore({ dataDir });
    try {
      expect(readdirSync(dataDir).some((name) => name.startsWith(`${storeFileName}.corrupt-`))).toBe(true);
    } finally {
      await running.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('creates a client and a demo user on first start and says where to see them', async () => {
    const running = await startTestCore();
    try {
      const log = running.logs.join('\n');
      expect(log).toMatch(/demo user demo@handshake\.local with password (\S+)/);
      const password = /with password (\S+)/.exec(log)![1];
      expect((await running.chatGpt().obtainCode({ email: 'demo@handshake.local', password })).code.startsWith('hsc_')).toBe(true);
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
      await Promise.all(
        Array.from({ length: 30 }, (_, i) => running.core.control.createUser({ email: `u${i}@example.com`, password: 'password-123' })),
      );
      const file = readFileSync(join(running.dataDir, storeFileName), 'utf8');
      expect(JSON.parse(file).users.length).toBeGreaterThanOrEqual(31);
      expect(readdirSync(running.dataDir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    } finally {
      await running.close();
    }
  });
});

describe('client secret sealed by the desktop keychain', () => {
  const keychain = {
    encrypted: true,
    seal: (plain: string) => Buffer.from(plain).toString('base64'),
    open: (sealed: string) => Buffer.from(sealed, 'base64').toString(),
  };

  it('is stored sealed, works in the desktop app, and is reported (not overwritten) where it cannot be opened', async () => {
    let running = await startTestCore({ core: { secretBox: keychain }, keepDataDir: true });
    const { secret } = running.client;
    const file = () => readFileSync(join(running.dataDir, storeFileName), 'utf8');
    expect(file()).not.toContain(secret);
    expect(file()).toContain('"secret": "sealed:');
    expect((await running.chatGpt().install(testUser)).tokens.access_token).toMatch(/^eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+$/);

    await running.close();
    const dataDir = running.dataDir;
    running = await startTestCore({ dataDir, users: [] });
    try {
      const sealed = file();
      expect((await running.core.control.getStatus()).warnings.join(' ')).toMatch(/encrypted by the desktop app's keychain/);
      const chatgpt = running.chatGpt({ clientSecret: secret });
      const { code } = await chatgpt.obtainCode(testUser);
      const refused = await chatgpt.exchangeCode(code);
      expect(refused.status).toBe(401);
      expect(refused.json.error).toBe('invalid_client');
      expect(JSON.parse(file()).client.secret).toBe(JSON.parse(sealed).client.secret);
      await running.core.control.setClient({ id: running.client.id, secret: 'a-new-headless-secret-123' });
      expect((await running.core.control.getStatus()).warnings.join(' ')).not.toMatch(/keychain/);
    } finally {
      await running.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('shutdown', () => {
  it('reloads the traffic entries of requests answered just before a restart', async () => {
    let running = await startTestCore();
    await fetch(`${running.publicUrl}/.well-known/ai-plugin.json`).then((response) => response.text());
    await fetch(`${running.publicUrl}/oauth/token`, { method: 'POST' }).then((response) => response.text());
    running = await running.restart();
    try {
      const kinds = (await running.core.control.listTraffic({})).map((entry) => entry.kind);
      expect(kinds).toEqual(expect.arrayContaining(['manifest', 'token']));
    } finally {
      await running.close();
    }
  });
});

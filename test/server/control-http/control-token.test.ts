import { chmod, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadOrCreateControlToken, tokenMatches } from '../../../server/control/http/control-token';
import { startTestControlServer } from './control-server-fixture';
import { send } from './http-client';

const posix = process.platform !== 'win32';
if (!posix) console.log('control-token: file mode assertions skipped on Windows (no POSIX permission bits)');

describe('control token file', () => {
  let dataDir: string;
  const logs: string[] = [];
  const log = (line: string) => logs.push(line);

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'handshake-token-'));
    logs.length = 0;
  });
  afterEach(() => rm(dataDir, { recursive: true, force: true }));

  it('creates a 256-bit base64url token in <dataDir>/control-token with mode 0600', async () => {
    const token = await loadOrCreateControlToken(dataDir, log);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect((await readFile(join(dataDir, 'control-token'), 'utf8')).trim()).toBe(token);
    if (posix) expect((await stat(join(dataDir, 'control-token'))).mode & 0o777).toBe(0o600);
    expect(await readdir(dataDir)).toEqual(['control-token']);
  });

  it('creates the data dir when missing', async () => {
    const nested = join(dataDir, 'a', 'b');
    const token = await loadOrCreateControlToken(nested, log);
    expect((await readFile(join(nested, 'control-token'), 'utf8')).trim()).toBe(token);
  });

  it('reuses the token across restarts', async () => {
    const first = await loadOrCreateControlToken(dataDir, log);
    const second = await loadOrCreateControlToken(dataDir, log);
    expect(second).toBe(first);
  });

  it('gives concurrent starters the same token', async () => {
    const tokens = await Promise.all(Array.from({ length: 8 }, () => loadOrCreateControlToken(dataDir, log)));
    expect(new Set(tokens).size).toBe(1);
    expect(await readdir(dataDir)).toEqual(['control-token']);
  });

  it('keeps a token a person chose, and tightens a loose file mode', async () => {
    const chosen = 'ci-token-0123456789-abcdefghijklmnop';
    await writeFile(join(dataDir, 'control-token'), `${chosen}\n`);
    await chmod(join(dataDir, 'control-token'), 0o644);
    expect(await loadOrCreateControlToken(dataDir, log)).toBe(chosen);
    if (posix) {
      expect((await stat(join(dataDir, 'control-token'))).mode & 0o777).toBe(0o600);
      expect(logs.join('\n')).toMatch(/0600/);
    }
  });

  it('moves an unusable token file aside, says so, and makes a new token', async () => {
    await writeFile(join(dataDir, 'control-token'), 'short\n');
    const token = await loadOrCreateControlToken(dataDir, log);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const files = await readdir(dataDir);
    const aside = files.find((file) => file.startsWith('control-token.invalid-'));
    expect(aside).toBeDefined();
    expect(await readFile(join(dataDir, aside!), 'utf8')).toBe('short\n');
    expect(logs.join('\n')).toMatch(/moved it to/);
  });

  it('the server reuses the token from the data dir across restarts', async () => {
    const first = await startTestControlServer();
    const token = first.server.token;
    await first.server.close();
    const second = await startTestControlServer({ dataDir: first.dataDir });
    try {
      expect(second.server.token).toBe(token);
      expect((await send(second.server.url, '/api/status', { headers: { Authorization: `Bearer ${token}` } })).status).toBe(200);
    } finally {
      await second.stop();
    }
  });

  it('compares tokens exactly', () => {
    expect(tokenMatches('abc', 'abc')).toBe(true);
    expect(tokenMatches('abd', 'abc')).toBe(false);
    expect(tokenMatches('abc', 'abcd')).toBe(false);
    expect(tokenMatches('', 'abc')).toBe(false);
  });
});

import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SecretBox } from '../../../server/core/core-types';
import { AuthtokenStore, authtokenFileName } from '../../../server/tunnel/authtoken-store';

/** Reversible and visibly different from the input: enough to tell sealed from plain. */
const testBox: SecretBox = {
  encrypted: true,
  seal: (plain) => `sealed:${Buffer.from(plain).toString('base64')}`,
  open: (sealed) => {
    if (!sealed.startsWith('sealed:')) throw new Error('not sealed by this box');
    return Buffer.from(sealed.slice('sealed:'.length), 'base64').toString();
  },
};

const token = '2abcDEFghiJKLmnoPQRstuVWX_1234567890abcdefghijklm';
let dataDir: string;

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'handshake-authtoken-'));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

describe('AuthtokenStore', () => {
  it('has nothing when nothing is saved and NGROK_AUTHTOKEN is unset', () => {
    const store = new AuthtokenStore({ dataDir, env: {} });
    expect(store.current()).toBeNull();
    expect(store.source()).toBeNull();
    expect(store.problem()).toBeNull();
  });

  it('falls back to NGROK_AUTHTOKEN, and a saved token wins over it', () => {
    const store = new AuthtokenStore({ dataDir, env: { NGROK_AUTHTOKEN: ' env-token ' } });
    expect(store.current()).toEqual({ token: 'env-token', source: 'environment' });
    store.save(token);
    expect(store.current()).toEqual({ token, source: 'saved' });
    store.save('');
    expect(store.current()).toEqual({ token: 'env-token', source: 'environment' });
  });

  it.skipIf(process.platform === 'win32')('writes <dataDir>/ngrok-authtoken with mode 0600 and leaves no temporary file', () => {
    new AuthtokenStore({ dataDir, env: {} }).save(token);
    const path = join(dataDir, authtokenFileName);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readdirSync(dataDir)).toEqual([authtokenFileName]);
    expect(new AuthtokenStore({ dataDir, env: {} }).current()).toEqual({ token, source: 'saved' });
  });

  it('seals the token with the SecretBox so the file never holds it in clear', () => {
    new AuthtokenStore({ dataDir, secretBox: testBox, env: {} }).save(token);
    const onDisk = readFileSync(join(dataDir, authtokenFileName), 'utf8');
    expect(onDisk).not.toContain(token);
    expect(JSON.parse(onDisk)).toMatchObject({ sealed: true });
    expect(new AuthtokenStore({ dataDir, secretBox: testBox, env: {} }).current()).toEqual({ token, source: 'saved' });
  });

  it('keeps plain text (in the 0600 file) when the SecretBox cannot encrypt', () => {
    const plainBox: SecretBox = { encrypted: false, seal: () => 'x', open: () => 'x' };
    new AuthtokenStore({ dataDir, secretBox: plainBox, env: {} }).save(token);
    expect(JSON.parse(readFileSync(join(dataDir, authtokenFileName), 'utf8'))).toMatchObject({ sealed: false, value: token });
  });

  it('explains a sealed file read without the desktop SecretBox, and falls back to the environment', () => {
    new AuthtokenStore({ dataDir, secretBox: testBox, env: {} }).save(token);
    const headless = new AuthtokenStore({ dataDir, env: { NGROK_AUTHTOKEN: 'env-token' } });
    expect(headless.current()).toEqual({ token: 'env-token', source: 'environment' });
    expect(headless.problem()).toMatch(/encrypted by the desktop app/);
  });

  it('explains a damaged file instead of throwing', () => {
    writeFileSync(join(dataDir, authtokenFileName), '{not json');
    const store = new AuthtokenStore({ dataDir, env: {} });
    expect(store.current()).toBeNull();
    expect(store.problem()).toMatch(/damaged/);
  });

  it('reload() sees a token saved by another process sharing the data dir', () => {
    const mine = new AuthtokenStore({ dataDir, env: {} });
    expect(mine.current()).toBeNull();
    new AuthtokenStore({ dataDir, env: {} }).save(token);
    expect(mine.current()).toBeNull();
    mine.reload();
    expect(mine.current()?.token).toBe(token);
  });

  it('creates the data dir when it does not exist yet', () => {
    const nested = join(dataDir, 'not', 'yet');
    new AuthtokenStore({ dataDir: nested, env: {} }).save(token);
    expect(new AuthtokenStore({ dataDir: nested, env: {} }).current()?.token).toBe(token);
  });
});

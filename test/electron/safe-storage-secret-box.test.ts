import { describe, expect, it } from 'vitest';
import { createSafeStorageSecretBox, sealedPrefix } from '../../electron/safe-storage-secret-box';

const keychain = (available: boolean, backend = 'gnome_libsecret') => ({
  isEncryptionAvailable: () => available,
  getSelectedStorageBackend: () => backend as 'gnome_libsecret',
  encryptString: (plain: string) => Buffer.from([...Buffer.from(plain)].map((b) => b ^ 0x5a)),
  decryptString: (sealed: Buffer) => Buffer.from([...sealed].map((b) => b ^ 0x5a)).toString(),
});

describe('safeStorage secret box', () => {
  it('encrypts when the OS keychain is available, and opens what it sealed', () => {
    const box = createSafeStorageSecretBox(keychain(true), 'darwin');
    expect(box.encrypted).toBe(true);
    const sealed = box.seal('ngrok-authtoken-2abc');
    expect(sealed.startsWith(sealedPrefix)).toBe(true);
    expect(sealed).not.toContain('ngrok-authtoken-2abc');
    expect(box.open(sealed)).toBe('ngrok-authtoken-2abc');
  });

  it('still opens a plain value written by the headless server', () => {
    expect(createSafeStorageSecretBox(keychain(true), 'win32').open('plain-value')).toBe('plain-value');
  });

  it("is plain (and says so) when encryption is unavailable or Linux falls back to 'basic_text'", () => {
    for (const box of [
      createSafeStorageSecretBox(keychain(false), 'darwin'),
      createSafeStorageSecretBox(keychain(true, 'basic_text'), 'linux'),
    ]) {
      expect(box.encrypted).toBe(false);
      expect(box.seal('secret')).toBe('secret');
      expect(box.open('secret')).toBe('secret');
    }
    expect(createSafeStorageSecretBox(keychain(true, 'kwallet5'), 'linux').encrypted).toBe(true);
  });

  it('explains, rather than returning garbage, when a sealed value meets a plain box', () => {
    const sealed = createSafeStorageSecretBox(keychain(true), 'darwin').seal('secret');
    expect(() => createSafeStorageSecretBox(keychain(false), 'darwin').open(sealed)).toThrow(/enter it again/);
  });

  it('treats a keychain that throws as unavailable', () => {
    const broken = {
      ...keychain(true),
      isEncryptionAvailable: () => {
        throw new Error('no dbus');
      },
    };
    expect(createSafeStorageSecretBox(broken, 'linux').encrypted).toBe(false);
  });
});

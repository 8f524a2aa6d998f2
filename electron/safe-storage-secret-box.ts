import type { SafeStorage } from 'electron';
import type { SecretBox } from '../server/core/core-types';

/** Marks a value sealed by the OS keychain, so plain values written by `npm run serve` still open. */
export const sealedPrefix = 'safe-storage:v1:';

type SafeStorageLike = Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString'> &
  Partial<Pick<SafeStorage, 'getSelectedStorageBackend'>>;

/**
 * Secrets at rest (ngrok authtoken, client secret) encrypted with Electron's safeStorage when the OS offers real
 * encryption. On Linux without a keyring, safeStorage falls back to 'basic_text' (a hard-coded key): that is no
 * protection, so we say "plain" and the UI warns, rather than pretend. Call after app 'ready'.
 */
export function createSafeStorageSecretBox(safeStorage: SafeStorageLike, platform: NodeJS.Platform = process.platform): SecretBox {
  if (!offersRealEncryption(safeStorage, platform)) return plainSecretBox;
  return {
    encrypted: true,
    seal: (plain) => sealedPrefix + safeStorage.encryptString(plain).toString('base64'),
    open: (stored) =>
      stored.startsWith(sealedPrefix) ? safeStorage.decryptString(Buffer.from(stored.slice(sealedPrefix.length), 'base64')) : stored,
  };
}

function offersRealEncryption(safeStorage: SafeStorageLike, platform: NodeJS.Platform): boolean {
  try {
    if (!safeStorage.isEncryptionAvailable()) return false;
    if (platform === 'linux' && safeStorage.getSelectedStorageBackend?.() === 'basic_text') return false;
    return true;
  } catch {
    return false;
  }
}

export const plainSecretBox: SecretBox = {
  encrypted: false,
  seal: (plain) => plain,
  open: (stored) => {
    if (stored.startsWith(sealedPrefix)) {
      throw new Error('this secret was encrypted by the OS keychain, which is not available now; enter it again');
    }
    return stored;
  },
};

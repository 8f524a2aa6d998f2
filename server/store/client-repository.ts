import type { SecretBox } from '../core/core-types';
import { fingerprint, randomId, randomToken, sha256, tokenPrefixes } from '../crypto/random-token';
import type { Database } from './database';
import type { ClientView } from './records';

const sealedPrefix = 'sealed:';

/** The one OAuth client ChatGPT is: its ID and secret, the secret sealed at rest when the OS offers a keychain. */
export class ClientRepository {
  private plainSecret = '';
  /** Why the stored secret cannot be used here, e.g. sealed by the desktop app's keychain and read headless. */
  unreadable: string | null = null;

  constructor(
    private readonly db: Database,
    private readonly box: SecretBox | undefined,
  ) {
    const stored = db.data.client.secret;
    if (!stored.startsWith(sealedPrefix)) {
      this.storeSecret(stored);
      return;
    }
    try {
      if (!box?.encrypted) throw new Error('no keychain is available in this mode');
      this.storeSecret(box.open(stored.slice(sealedPrefix.length)));
    } catch (error) {
      // Left sealed in the file: it may still open in the desktop app.
      this.unreadable = `The client secret was encrypted by the desktop app's keychain and cannot be read here (${(error as Error).message}). Set a new one (PUT /api/client, --config, or Rotate) or use the desktop app.`;
    }
  }

  static generate(): { id: string; secret: string } {
    return {
      id: `handshake-${randomId(6)
        .toLowerCase()
        .replace(/[^a-z0-9]/g, 'x')}`,
      secret: randomToken(tokenPrefixes.secret, 24),
    };
  }

  get id(): string {
    return this.db.data.client.id;
  }

  get secret(): string {
    return this.plainSecret;
  }

  /** SHA-256 of the secret the last change replaced. */
  get previousSecretHash(): string | null {
    return this.db.data.client.previousSecretHash ?? null;
  }

  set(id: string, secret: string): void {
    if (this.plainSecret && secret !== this.plainSecret) this.db.data.client.previousSecretHash = sha256(this.plainSecret);
    this.db.data.client.id = id;
    this.db.data.client.rotatedAt = new Date().toISOString();
    this.storeSecret(secret);
  }

  rotateSecret(): void {
    this.set(this.id, ClientRepository.generate().secret);
  }

  view(): ClientView {
    const { id, createdAt, rotatedAt } = this.db.data.client;
    return {
      id,
      secret: this.plainSecret,
      secretFingerprint: this.unreadable ? '(unreadable)' : fingerprint(this.plainSecret),
      createdAt,
      rotatedAt,
    };
  }

  private storeSecret(secret: string): void {
    this.plainSecret = secret;
    this.unreadable = null;
    this.db.data.client.secret = this.box?.encrypted ? sealedPrefix + this.box.seal(secret) : secret;
  }
}

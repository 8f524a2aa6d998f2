import type { SecretBox } from '../core/core-types';
import { fingerprint, randomId, randomToken, tokenPrefixes } from '../crypto/random-token';
import type { Database } from './database';
import type { ClientView } from './records';

const sealedPrefix = 'sealed:';

/** The one OAuth client ChatGPT is: its ID and secret, the secret sealed at rest when the OS offers a keychain. */
export class ClientRepository {
  private plainSecret: string;

  constructor(
    private readonly db: Database,
    private readonly box: SecretBox | undefined,
  ) {
    const stored = db.data.client.secret;
    this.plainSecret = stored.startsWith(sealedPrefix) && box ? box.open(stored.slice(sealedPrefix.length)) : stored;
    this.storeSecret(this.plainSecret);
  }

  static generate(): { id: string; secret: string } {
    return { id: `handshake-${randomId(6).toLowerCase().replace(/[^a-z0-9]/g, 'x')}`, secret: randomToken(tokenPrefixes.secret, 24) };
  }

  get id(): string {
    return this.db.data.client.id;
  }

  get secret(): string {
    return this.plainSecret;
  }

  set(id: string, secret: string): void {
    this.db.data.client.id = id;
    this.db.data.client.rotatedAt = new Date().toISOString();
    this.storeSecret(secret);
  }

  rotateSecret(): void {
    this.set(this.id, ClientRepository.generate().secret);
  }

  view(): ClientView {
    const { id, createdAt, rotatedAt } = this.db.data.client;
    return { id, secret: this.plainSecret, secretFingerprint: fingerprint(this.plainSecret), createdAt, rotatedAt };
  }

  private storeSecret(secret: string): void {
    this.plainSecret = secret;
    this.db.data.client.secret = this.box?.encrypted ? sealedPrefix + this.box.seal(secret) : secret;
  }
}

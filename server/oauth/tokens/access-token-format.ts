import type { Settings } from '../../settings/settings';
import type { MintedAccessToken } from '../../store/grant-repository';
import type { KeyStore } from '../keys/key-store';
import { signJwtAccessToken } from './jwt-access-token';
import type { TokenSubject } from './token-subject';

/**
 * The access token for `subject` in the format Settings choose: a signed JWT, or undefined for an opaque token,
 * which the grant repository draws itself (random, stored hashed). Either way the token is stored as a hash, so
 * revocation and introspection work the same for both.
 */
export async function mintAccessToken(keys: KeyStore, settings: Settings, subject: TokenSubject): Promise<MintedAccessToken | undefined> {
  if (settings.accessTokenFormat === 'opaque') return undefined;
  const now = Math.floor(Date.now() / 1000);
  const expiresAt = now + settings.accessTokenTtl;
  return { token: await signJwtAccessToken(keys, settings, subject, now, expiresAt), expiresAt: expiresAt * 1000 };
}

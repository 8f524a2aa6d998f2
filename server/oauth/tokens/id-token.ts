import type { KeyStore } from '../keys/key-store';
import { hasScope, type TokenSubject } from './token-subject';

/** How long an id_token is valid: it proves a sign-in to the client, which reads it at once. */
export const idTokenTtlSeconds = 3600;

/**
 * The OpenID Connect id_token (Core §2) when `openid` was granted: `aud` and `azp` the client, `sub` the user's stable
 * id, the user's email, email_verified and name, `auth_time` of the sign-in, and the authorize request's `nonce`.
 */
export async function mintIdToken(
  keys: KeyStore,
  subject: TokenSubject,
  signIn: { authTime: number | null; nonce: string | null },
): Promise<string | undefined> {
  if (!hasScope(subject.scope, 'openid')) return undefined;
  const now = Math.floor(Date.now() / 1000);
  return keys.sign(
    {
      iss: subject.issuer,
      sub: subject.user.id,
      aud: subject.clientId,
      azp: subject.clientId,
      iat: now,
      exp: now + idTokenTtlSeconds,
      ...(signIn.authTime !== null ? { auth_time: signIn.authTime } : {}),
      ...(signIn.nonce !== null ? { nonce: signIn.nonce } : {}),
      email: subject.user.email,
      email_verified: subject.user.emailVerified,
      ...(subject.user.name ? { name: subject.user.name } : {}),
    },
    { typ: 'JWT' },
  );
}

import { authorizationCodeGrant } from './authorization-code-grant';
import type { GrantHandler } from './grant-context';
import { refreshTokenGrant } from './refresh-token-grant';

/** The token endpoint's grants, keyed by grant_type. A Map: a client's grant_type=constructor finds nothing. */
export const grantTable = new Map<string, GrantHandler>([
  ['authorization_code', authorizationCodeGrant],
  ['refresh_token', refreshTokenGrant],
]);

import { authorizationCodeGrant } from './authorization-code-grant';
import type { GrantHandler } from './grant-context';
import { refreshTokenGrant } from './refresh-token-grant';

/** The token endpoint's grants, keyed by grant_type. */
export const grantTable: Record<string, GrantHandler> = {
  authorization_code: authorizationCodeGrant,
  refresh_token: refreshTokenGrant,
};

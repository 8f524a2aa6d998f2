import type { Response } from 'express';
import type { Store } from '../../store/store';
import type { IssuedTokens } from '../../store/grant-repository';
import type { Settings } from '../../settings/settings';

export interface TokenResponseBody {
  access_token: string;
  token_type: 'bearer';
  expires_in: number;
  refresh_token: string;
  scope: string;
}

export interface GrantContext {
  parameters: Record<string, string>;
  clientId: string;
  store: Store;
  res: Response;
}

/** One entry of the grant table: validates the grant, issues tokens, persists before answering. */
export type GrantHandler = (context: GrantContext) => Promise<TokenResponseBody>;

export function tokenLifetimes(settings: Settings): { access: number; refresh: number } {
  return { access: settings.accessTokenTtl, refresh: settings.refreshTokenTtl };
}

export function tokenResponse(issued: IssuedTokens, settings: Settings): TokenResponseBody {
  return {
    access_token: issued.accessToken,
    token_type: 'bearer',
    expires_in: settings.accessTokenTtl,
    refresh_token: issued.refreshToken,
    scope: issued.grant.scope,
  };
}

import type { Response } from 'express';
import type { Settings } from '../../settings/settings';
import type { IssuedTokens } from '../../store/grant-repository';
import type { Store } from '../../store/store';
import type { OAuthClient } from '../clients/oauth-client';
import type { KeyStore } from '../keys/key-store';

export interface TokenResponseBody {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  refresh_token: string;
  /** Omitted when empty: clients such as oauthlib read "" as one empty scope. */
  scope?: string;
  /** OpenID Connect, when `openid` was granted. */
  id_token?: string;
}

export interface GrantContext {
  parameters: Record<string, string>;
  client: OAuthClient;
  store: Store;
  /** The public base URL: the issuer, and the origin of the resources tokens can be for. */
  issuer: string;
  /** Signs JWT access tokens and id_tokens. */
  keys: KeyStore;
  res: Response;
}

/** One entry of the grant table: validates the grant, issues tokens, persists before answering. */
export type GrantHandler = (context: GrantContext) => Promise<TokenResponseBody>;

export function tokenLifetimes(settings: Settings): { access: number; refresh: number } {
  return { access: settings.accessTokenTtl, refresh: settings.refreshTokenTtl };
}

export function tokenResponse(issued: IssuedTokens, settings: Settings, idToken?: string): TokenResponseBody {
  const body: TokenResponseBody = {
    access_token: issued.accessToken,
    token_type: 'Bearer',
    expires_in: settings.accessTokenTtl,
    refresh_token: issued.refreshToken,
  };
  if (issued.grant.scope) body.scope = issued.grant.scope;
  if (idToken) body.id_token = idToken;
  return body;
}

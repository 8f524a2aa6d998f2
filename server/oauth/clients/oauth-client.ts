import type { RegisteredClientKind, TokenEndpointAuthMethod } from '../../store/records';
import type { ClientKeySource } from './assertion-keys';

export type ClientKind = 'classic' | RegisteredClientKind;

/** A client as every OAuth endpoint sees it, wherever it came from (see ClientRegistry). */
export interface OAuthClient {
  id: string;
  kind: ClientKind;
  /** What the consent page and the log call it. */
  name: string;
  /** Registered redirect URIs (for the classic client: the Settings allowlist besides ChatGPT's callbacks). */
  redirectUris: string[];
  allowsRedirect(uri: string): boolean;
  /** The classic client takes its secret in a Basic header or the body, as ChatGPT's form chooses. */
  authMethod: TokenEndpointAuthMethod | 'client_secret_basic_or_post';
  /** OAuth 2.1: public clients, and every client but the classic plugin client, must send a PKCE challenge. */
  requiresPkce: boolean;
  /** Created by the developer (classic or added by hand): its consent page may be skipped. */
  developerOwned: boolean;
  /** For a CIMD client: the host serving its document. */
  documentHost: string | null;
  /** Where its keys are when it may authenticate with private_key_jwt (RFC 7523); null when it may not. */
  keySource: ClientKeySource | null;
  /** The assertion algorithm its metadata names (token_endpoint_auth_signing_alg). */
  signingAlg?: string;
}

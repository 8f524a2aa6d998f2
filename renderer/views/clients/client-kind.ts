import type { RegisteredClientView } from '../../../server/store/records';

/** How the Clients view names each kind of client. */
export const clientKindLabels: Record<RegisteredClientView['kind'], string> = {
  classic: 'Classic plugin',
  manual: 'Added by you',
  dcr: 'Registered (DCR)',
  cimd: 'Metadata document (CIMD)',
};

export const authMethodLabels: Record<RegisteredClientView['tokenEndpointAuthMethod'], string> = {
  none: 'public (PKCE, no secret)',
  client_secret_basic: 'secret in a Basic header',
  client_secret_post: 'secret in the body',
  private_key_jwt: 'signed assertion (private_key_jwt)',
};

/** What a client added by hand may use: it has no keys to register here. */
export const manualAuthMethods = ['none', 'client_secret_basic', 'client_secret_post'] as const;
export type ManualAuthMethod = (typeof manualAuthMethods)[number];

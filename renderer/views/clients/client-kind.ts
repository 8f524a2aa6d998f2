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
};

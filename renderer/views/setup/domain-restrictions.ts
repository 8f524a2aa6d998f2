import type { Preview, Status } from '../../../server/control/control-api';
import type { UserView } from '../../../server/store/records';

export interface ReadinessItem {
  ok: boolean;
  label: string;
  detail: string;
}

const listed = (value: unknown, wanted: string) => Array.isArray(value) && value.includes(wanted);

/**
 * What OpenAI's review asks before it allows "Workspace domain restrictions": OpenID Connect discovery, the openid and
 * email scopes advertised, a UserInfo endpoint returning the email with email_verified true — read from the discovery
 * document Handshake serves, its users, and whether ChatGPT can reach it.
 */
export function domainRestrictionItems(preview: Preview, status: Status, users: UserView[]): ReadinessItem[] {
  const discovery = preview.openIdConfiguration;
  const unverified = users.filter((user) => !user.emailVerified).map((user) => user.email);
  return [
    {
      ok: typeof discovery.issuer === 'string',
      label: 'OpenID Connect discovery',
      detail: `${preview.baseUrl}/.well-known/openid-configuration`,
    },
    {
      ok: listed(discovery.scopes_supported, 'openid') && listed(discovery.scopes_supported, 'email'),
      label: 'openid and email scopes advertised',
      detail: 'scopes_supported names both; ChatGPT then asks for them by default.',
    },
    {
      ok: typeof discovery.userinfo_endpoint === 'string' && listed(discovery.claims_supported, 'email_verified'),
      label: 'UserInfo returns email and email_verified',
      detail: typeof discovery.userinfo_endpoint === 'string' ? discovery.userinfo_endpoint : 'no userinfo_endpoint advertised',
    },
    {
      ok: users.length > 0 && unverified.length === 0,
      label: 'Users’ emails verified',
      detail:
        users.length === 0
          ? 'No users yet: add one in the Users view.'
          : unverified.length > 0
            ? `Not verified: ${unverified.join(', ')} — UserInfo says email_verified: false for them (Users → Edit).`
            : 'UserInfo says email_verified: true for every user.',
    },
    {
      ok: Boolean(status.publicUrl?.startsWith('https://')),
      label: 'Reachable over HTTPS',
      detail: status.publicUrl?.startsWith('https://')
        ? status.publicUrl
        : 'The review reaches your server on the internet: start the tunnel.',
    },
  ];
}

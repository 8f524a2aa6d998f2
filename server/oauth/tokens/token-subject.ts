import type { UserRecord } from '../../store/records';

/** Who and what a token is for: what every token format and the id_token are minted from. */
export interface TokenSubject {
  /** The metadata issuer, byte for byte. */
  issuer: string;
  clientId: string;
  user: UserRecord;
  /** Space-separated, as granted. */
  scope: string;
  /** The grant's RFC 8707 resources; empty for the classic plugin, whose audience is the public base URL. */
  resources: string[];
}

export const hasScope = (scope: string, wanted: string) => ` ${scope} `.includes(` ${wanted} `);

/** The `aud` of an access token: the one resource it is bound to, all of them, or the public base URL. */
export function accessTokenAudience(subject: TokenSubject): string | string[] {
  if (subject.resources.length === 0) return subject.issuer;
  return subject.resources.length === 1 ? subject.resources[0] : subject.resources;
}

/** Client credentials from an `Authorization: Basic` header: the one parser client authentication and the traffic log share. */
export interface BasicCredentials {
  /** The base64 text after "Basic ". */
  encoded: string;
  clientId: string;
  clientSecret: string;
  /**
   * RFC 6749 §2.3.1 wants each part form-encoded before base64; many clients (the MCP SDK, requests-oauthlib) skip
   * it, so a secret with `+`, `/` or `%` arrives as it is. The part as sent and, when different, form-decoded:
   * either may be the intended one.
   */
  secretReadings: string[];
  idReadings: string[];
}

/** Standard base64, or base64url (which Node decodes alike and some clients send). */
const base64Text = /^[A-Za-z0-9+/_-]+=*$/;

export function parseBasicAuthorization(header: string | undefined): BasicCredentials | 'malformed' | null {
  if (!header) return null;
  const match = /^basic(?:\s+(\S*))?\s*$/i.exec(header);
  if (!match) return null;
  const encoded = match[1] ?? '';
  if (!base64Text.test(encoded)) return 'malformed';
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return 'malformed';
  const clientId = decoded.slice(0, colon);
  const clientSecret = decoded.slice(colon + 1);
  return {
    encoded,
    clientId,
    clientSecret,
    idReadings: readings(clientId),
    secretReadings: readings(clientSecret),
  };
}

function readings(part: string): string[] {
  try {
    const formDecoded = decodeURIComponent(part.replace(/\+/g, ' '));
    return formDecoded === part ? [part] : [part, formDecoded];
  } catch {
    return [part];
  }
}

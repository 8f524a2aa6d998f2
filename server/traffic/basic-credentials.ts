/** Client credentials from an `Authorization: Basic` header. */
export interface BasicCredentials {
  /** The base64 text after "Basic ". */
  encoded: string;
  clientId: string;
  clientSecret: string;
  /**
   * RFC 6749 §2.3.1 wants each part form-encoded before base64, most clients skip it: the secret as sent and,
   * when different, form-decoded. Either may be the intended one.
   */
  secretReadings: string[];
  idReadings: string[];
}

export function parseBasicAuthorization(header: string | undefined): BasicCredentials | 'malformed' | null {
  if (!header) return null;
  const match = /^basic\s+(\S*)\s*$/i.exec(header);
  if (!match) return null;
  const encoded = match[1];
  if (!/^[A-Za-z0-9+/]+=*$/.test(encoded)) return 'malformed';
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

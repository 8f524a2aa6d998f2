import type { JwtRole, JwtVerdict } from '../traffic-entry';

/** What one JWT is judged against; decided by where it was (see jwts-in-exchange). */
export interface JwtExpectations {
  role: JwtRole;
  /** The `iss` it must carry, and what that value is in words; null when nothing is expected. */
  issuer: { value: string; meaning: string } | null;
  /** Values one of which `aud` must name, and what they are in words; null when `aud` is not judged. */
  audience: { values: string[]; meaning: string } | null;
  /** Epoch ms the exchange happened. */
  now: number;
}

/** Verifiers allow about this much clock difference (AWS Powertools, most JWT libraries' defaults). */
const skewSeconds = 60;

/** Verdicts on the header and the registered claims a resource server or client checks; signature and kid are judged elsewhere. */
export function claimVerdicts(header: Record<string, unknown>, claims: Record<string, unknown>, expected: JwtExpectations): JwtVerdict[] {
  const verdicts: JwtVerdict[] = [];
  if (header.alg === 'none')
    verdicts.push({ name: 'alg', level: 'error', message: 'alg "none": an unsigned token, which every verifier must refuse.' });
  const now = Math.floor(expected.now / 1000);
  verdicts.push(expiryVerdict(claims.exp, now, expected.role));
  if (typeof claims.nbf === 'number' && claims.nbf > now + skewSeconds)
    verdicts.push({ name: 'nbf', level: 'error', message: `Not valid before ${isoTime(claims.nbf)}: a verifier refuses it until then.` });
  if (typeof claims.iat === 'number' && claims.iat > now + skewSeconds)
    verdicts.push({ name: 'iat', level: 'warn', message: `Issued in the future (${isoTime(claims.iat)}): the issuer's clock is ahead.` });
  if (expected.issuer) verdicts.push(issuerVerdict(claims.iss, expected.issuer));
  if (expected.audience) verdicts.push(audienceVerdict(claims.aud, expected.audience));
  return verdicts;
}

function expiryVerdict(exp: unknown, now: number, role: JwtRole): JwtVerdict {
  if (typeof exp !== 'number') {
    return role === 'access_token'
      ? { name: 'exp', level: 'warn', message: 'No exp: the MCP SDK’s requireBearerAuth refuses a token without an expiry.' }
      : { name: 'exp', level: 'warn', message: 'No exp: most verifiers require one.' };
  }
  if (exp > now)
    return { name: 'exp', level: 'ok', message: `Valid until ${isoTime(exp)} (${duration(exp - now)} left when this was recorded).` };
  // OpenID Connect lets an authorization server take an expired id_token as a hint.
  const level = role === 'id_token_hint' ? 'info' : 'error';
  return { name: 'exp', level, message: `Expired at ${isoTime(exp)}, ${duration(now - exp)} before this request.` };
}

function issuerVerdict(iss: unknown, expected: { value: string; meaning: string }): JwtVerdict {
  if (typeof iss !== 'string')
    return { name: 'iss', level: 'error', message: `No iss: verifiers expect ${expected.meaning} (${expected.value}).` };
  if (iss === expected.value) return { name: 'iss', level: 'ok', message: `Matches ${expected.meaning}.` };
  const slashOnly = iss.replace(/\/+$/, '') === expected.value.replace(/\/+$/, '');
  return {
    name: 'iss',
    level: 'error',
    message: slashOnly
      ? `Differs from ${expected.meaning} (${expected.value}) only by a trailing slash: verifiers compare iss byte for byte and refuse it.`
      : `Not ${expected.meaning} (${expected.value}): a verifier configured for it refuses this token.`,
  };
}

function audienceVerdict(aud: unknown, expected: { values: string[]; meaning: string }): JwtVerdict {
  const named =
    typeof aud === 'string' ? [aud] : Array.isArray(aud) ? aud.filter((value): value is string => typeof value === 'string') : [];
  const wanted = expected.values.join(' or ');
  if (named.length === 0) return { name: 'aud', level: 'error', message: `No aud: MCP verifiers require ${expected.meaning} (${wanted}).` };
  if (named.some((value) => expected.values.includes(value))) return { name: 'aud', level: 'ok', message: `Names ${expected.meaning}.` };
  const trimmed = expected.values.map((value) => value.replace(/\/+$/, ''));
  const slashOnly = named.some((value) => trimmed.includes(value.replace(/\/+$/, '')));
  return {
    name: 'aud',
    level: 'error',
    message: slashOnly
      ? `Differs from ${expected.meaning} (${wanted}) only by a trailing slash: strict verifiers refuse it.`
      : `Not ${expected.meaning} (${wanted}): this token was issued for another audience, and a verifier checking aud refuses it.`,
  };
}

function isoTime(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
}

function duration(seconds: number): string {
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172_800) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86_400)} days`;
}

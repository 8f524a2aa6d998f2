import type { TrafficJwt, TrafficNote } from '../traffic-entry';

const roleNames: Record<TrafficJwt['role'], string> = {
  access_token: 'access token',
  id_token: 'id_token',
  client_assertion: 'client assertion',
  id_token_hint: 'id_token_hint',
};

/**
 * One note per JWT a verifier would refuse, so the list shows it even when Handshake itself accepted the request
 * (Handshake knows its tokens by their hash; the developer's server only has the JWKS and the claims).
 */
export function jwtNotes(jwts: TrafficJwt[]): TrafficNote[] {
  const notes: TrafficNote[] = [];
  for (const jwt of jwts) {
    const failed = jwt.verdicts.filter((verdict) => verdict.level === 'error');
    const badSignature = jwt.signature.verdict === 'bad_signature';
    if (failed.length === 0 && !badSignature) continue;
    const reasons = [...(badSignature ? [jwt.signature.message] : []), ...failed.map((verdict) => `${verdict.name}: ${verdict.message}`)];
    notes.push({
      level: 'warn',
      code: `jwt_${badSignature ? 'bad_signature' : failed[0].name}`,
      message: `A verifier would refuse the ${roleNames[jwt.role]} (${jwt.where}). ${reasons.join(' ')}`,
    });
  }
  return notes;
}

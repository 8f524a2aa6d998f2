import type { JwtVerdict, TrafficJwt } from '../traffic-entry';
import type { WireExchange } from '../wire-exchange';
import { claimVerdicts } from './claim-verdicts';
import { type DecodedJwt, decodeUnverified } from './jwt-decoding';
import { type ExchangeParties, type FoundJwt, jwtsInExchange } from './jwts-in-exchange';
import { type JwtKeys, type SignatureVerdict, SignatureVerdicts } from './signature-verdicts';

const clientKey: SignatureVerdict = {
  verdict: 'not_checked',
  message:
    'Signed with the client’s own key (from its jwks_uri), not Handshake’s: the client registry checks it when the client authenticates.',
};

/**
 * Decodes every JWT of an exchange from its raw value, before masking, and judges it: claims against where it was
 * (this issuer, this resource, this client), the signature against Handshake's JWKS. Only header and claims are
 * kept; the signature part, the one secret piece, is not.
 */
export class JwtInspector {
  private readonly signatures: SignatureVerdicts;

  constructor(keys?: JwtKeys) {
    this.signatures = new SignatureVerdicts(keys);
  }

  /** At once when every signature verdict is known; a promise when one has to be checked (never rejects). */
  inspect(exchange: WireExchange, parties: ExchangeParties): TrafficJwt[] | Promise<TrafficJwt[]> {
    const found = jwtsInExchange(exchange, parties);
    if (found.length === 0) return [];
    const judged: (TrafficJwt | Promise<TrafficJwt>)[] = [];
    for (const one of found) {
      const decoded = decodeUnverified(one.token);
      if (!decoded) continue;
      const signature = one.expected.role === 'client_assertion' ? clientKey : this.signatures.verdict(one.token, decoded.header);
      judged.push(signature instanceof Promise ? signature.then((known) => judge(one, decoded, known)) : judge(one, decoded, signature));
    }
    return judged.some((one) => one instanceof Promise) ? Promise.all(judged) : (judged as TrafficJwt[]);
  }
}

function judge(found: FoundJwt, decoded: DecodedJwt, signature: SignatureVerdict): TrafficJwt {
  const verdicts: JwtVerdict[] = claimVerdicts(decoded.header, decoded.claims, found.expected);
  if (signature.verdict === 'retired_kid')
    verdicts.unshift({ name: 'kid', level: 'error', message: 'Retired: no longer in the JWKS, so verifiers answer “kid not found”.' });
  if (signature.verdict === 'unknown_kid') verdicts.unshift({ name: 'kid', level: 'error', message: 'Not a key Handshake publishes.' });
  return { role: found.expected.role, where: found.where, header: decoded.header, claims: decoded.claims, verdicts, signature };
}

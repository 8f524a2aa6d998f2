import type { JWTPayload } from 'jose';
import { randomId } from '../crypto/random-token';
import type { ProbeHeader, ProbeSigner } from '../oauth/keys/probe-signer';
import { type CheckSource, sources } from './check-sources';

/** The claims and header of the valid baseline token, which every forged token starts from. */
export interface BaseToken {
  payload: JWTPayload;
  header: ProbeHeader;
}

/** A token the server must refuse, made from the baseline by one change. */
export interface ForgedProbe {
  id: string;
  title: string;
  /** What the probe sends, in plain words. */
  sends: string;
  source: CheckSource;
  /** What accepting it says about the server. */
  accepted: string;
  /** The claim the probe changes; when the baseline has no such claim the probe does not apply. */
  needsClaim?: 'aud';
  forge(base: BaseToken, signer: ProbeSigner, now: number): Promise<string> | string;
}

/** An audience that is certainly not the probed server's. */
export const otherAudience = 'https://another-mcp-server.example/mcp';
export const otherIssuer = 'https://not-your-authorization-server.example';

/** The baseline's claims with changes; a fresh jti so a replay cache cannot refuse the token for the wrong reason. */
function claims(base: BaseToken, changes: JWTPayload, drop: string[] = []): JWTPayload {
  const payload: JWTPayload = { ...base.payload, ...changes };
  if (payload.jti !== undefined) payload.jti = randomId(16);
  for (const name of drop) delete payload[name];
  return payload;
}

const header = (base: BaseToken): ProbeHeader => {
  const { alg: _alg, kid: _kid, ...rest } = base.header;
  return rest;
};

const hour = 3600;

/** The forged-token probes, in the order they run (the conformance suite's and then the JWT BCP's attacks). */
export const forgedProbes: ForgedProbe[] = [
  {
    id: 'aud-other',
    title: 'A token for another server',
    sends: `A valid token whose aud is ${otherAudience}.`,
    source: sources.mcpTokenHandling,
    accepted: 'it does not check aud, so a token issued for any other server works on yours.',
    needsClaim: 'aud',
    forge: (base, signer) => signer.withCurrentKey(claims(base, { aud: otherAudience }), header(base)),
  },
  {
    id: 'aud-missing',
    title: 'A token without aud',
    sends: 'A valid token with no aud claim at all.',
    source: sources.rfc9068Validation,
    accepted: 'it does not require aud, so a token meant for no server in particular works on yours.',
    needsClaim: 'aud',
    forge: (base, signer) => signer.withCurrentKey(claims(base, {}, ['aud']), header(base)),
  },
  {
    id: 'expired',
    title: 'An expired token',
    sends: 'A token that expired an hour ago (exp in the past).',
    source: sources.rfc7519Exp,
    accepted: 'it does not check exp, so a leaked token works forever.',
    forge: (base, signer, now) => signer.withCurrentKey(claims(base, { iat: now - 2 * hour, exp: now - hour }), header(base)),
  },
  {
    id: 'not-yet-valid',
    title: 'A token not valid yet',
    sends: 'A token whose nbf is an hour from now.',
    source: sources.rfc7519Nbf,
    accepted: 'it does not check nbf, so a token is accepted before its validity starts.',
    forge: (base, signer, now) => signer.withCurrentKey(claims(base, { iat: now, nbf: now + hour, exp: now + 2 * hour }), header(base)),
  },
  {
    id: 'wrong-issuer',
    title: 'A token from another issuer',
    sends: `A token signed with Handshake's key whose iss is ${otherIssuer}.`,
    source: sources.rfc9068Validation,
    accepted: 'it does not check iss, so it trusts tokens whatever authorization server they claim to come from.',
    forge: (base, signer) => signer.withCurrentKey(claims(base, { iss: otherIssuer }), header(base)),
  },
  {
    id: 'unknown-kid',
    title: 'A key nobody publishes',
    sends: 'A token signed by a key whose kid is in no JWKS.',
    source: sources.rfc9068Validation,
    accepted: 'it does not verify the signature against the published keys, so anyone can mint tokens for it.',
    forge: (base, signer) => signer.withUnknownKey(claims(base, {}), header(base)),
  },
  {
    id: 'untrusted-key',
    title: 'An untrusted key reusing a known kid',
    sends: "A token signed by a stranger's key under the kid of Handshake's current key.",
    source: sources.rfc9068Validation,
    accepted: 'it trusts the kid without verifying the signature, so anyone who reads your JWKS can mint tokens for it.',
    forge: (base, signer) => signer.withUntrustedKeyReusingKid(claims(base, {}), header(base)),
  },
  {
    id: 'alg-none',
    title: 'alg: none',
    sends: 'An unsigned token (header alg "none", empty signature).',
    source: sources.rfc8725Algorithms,
    accepted: 'it accepts unsigned tokens (alg none), so anyone can forge any token.',
    forge: (base, signer) => signer.unsigned(claims(base, {}), header(base)),
  },
  {
    id: 'hs256-public-key',
    title: 'HS256 keyed with the public key',
    sends: "A token signed HS256 with Handshake's public key (PEM) as the HMAC secret, under the current kid.",
    source: sources.rfc8725Algorithms,
    accepted:
      'it takes the algorithm from the token and used the public key as an HMAC secret (algorithm confusion), so anyone can forge tokens. Pin the algorithms (e.g. jose: algorithms: ["RS256"]).',
    forge: (base, signer) => signer.withPublicKeyAsHmacSecret(claims(base, {}), header(base)),
  },
];

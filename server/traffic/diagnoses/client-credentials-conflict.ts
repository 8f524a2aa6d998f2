import { constantTimeEqual, fingerprint } from '../../crypto/random-token';
import { parseBasicAuthorization } from '../../oauth/basic-credentials';
import { bodyFields, single } from '../wire-exchange';
import type { Diagnosis } from './diagnosis';

const authenticatedKinds = new Set(['token', 'introspect', 'revoke']);

/** Client credentials both in a Basic header and in the body, and they disagree: which one wins is a coin toss. */
export const clientCredentialsConflict: Diagnosis = (exchange) => {
  if (!authenticatedKinds.has(exchange.kind)) return null;
  const basic = parseBasicAuthorization(single(exchange.requestHeaders.authorization));
  if (basic === null || basic === 'malformed') return null;
  const body = bodyFields(exchange.requestBody);
  const bodyId = single(body?.client_id);
  const bodySecret = single(body?.client_secret);
  if (bodyId === undefined && bodySecret === undefined) return null;
  const sameId = bodyId === undefined || basic.idReadings.includes(bodyId);
  const sameSecret = bodySecret === undefined || basic.secretReadings.some((reading) => constantTimeEqual(reading, bodySecret));
  if (sameId && sameSecret) return null;
  const verdict = (readings: string[]) => exchange.secrets.verdict(basic.clientId, readings);
  return {
    level: 'error',
    code: 'client_credentials_conflict',
    message:
      `Client credentials came twice and disagree: the Basic header has client id "${basic.clientId}" and secret ` +
      `${fingerprint(basic.clientSecret)} (${verdict(basic.secretReadings)}); the body has ` +
      `client id "${bodyId ?? '(none)'}" and ${bodySecret === undefined ? 'no secret' : `secret ${fingerprint(bodySecret)} (${verdict([bodySecret])})`}. ` +
      'Send them one way only — GPT Actions call it "Token Exchange Method".',
  };
};

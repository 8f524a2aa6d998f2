import { bodyFields } from '../wire-exchange';
import type { Diagnosis } from './diagnosis';

/** A token answer that expires but cannot be refreshed: users get "User is missing credentials" once it lapses. */
export const noRefreshToken: Diagnosis = (exchange) => {
  if (exchange.kind !== 'token' || exchange.status !== 200) return null;
  const answer = bodyFields(exchange.responseBody);
  if (!answer || !('expires_in' in answer) || 'refresh_token' in answer) return null;
  return {
    level: 'warn',
    code: 'no_refresh_token',
    message:
      `The token answer says expires_in ${String(answer.expires_in)} but carries no refresh_token. When the access ` +
      'token expires ChatGPT cannot renew it: users see "User is missing credentials" and must reinstall.',
  };
};

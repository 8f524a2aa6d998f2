import { bodyFields } from '../wire-exchange';
import type { Diagnosis } from './diagnosis';

const pkceFields = ['code_challenge', 'code_challenge_method', 'code_verifier'];

/** PKCE parameters: ChatGPT plugins and GPT Actions never send them, so a client that does is not ChatGPT. */
export const pkceSent: Diagnosis = (exchange) => {
  if (exchange.kind !== 'authorize' && exchange.kind !== 'login' && exchange.kind !== 'token') return null;
  const fields = { ...exchange.query, ...(bodyFields(exchange.requestBody) ?? {}) };
  const sent = pkceFields.filter((name) => name in fields);
  if (sent.length === 0) return null;
  return {
    level: 'info',
    code: 'pkce_sent',
    message:
      `PKCE parameters were sent (${sent.join(', ')}). ChatGPT plugins and GPT Actions send none, so this client ` +
      'is not ChatGPT — and a server that requires PKCE will fail with ChatGPT.',
  };
};

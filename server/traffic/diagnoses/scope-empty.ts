import { bodyFields } from '../wire-exchange';
import type { Diagnosis } from './diagnosis';

/** `scope=` present but empty: what ChatGPT sends when the manifest's scope is "". Servers that reject it break. */
export const scopeEmpty: Diagnosis = (exchange) => {
  if (exchange.kind !== 'authorize' && exchange.kind !== 'login' && exchange.kind !== 'token') return null;
  const body = bodyFields(exchange.requestBody);
  const scope = 'scope' in exchange.query ? exchange.query.scope : body && 'scope' in body ? body.scope : undefined;
  if (scope === undefined || (typeof scope === 'string' && scope.trim() !== '')) return null;
  if (Array.isArray(scope) && scope.some((value) => typeof value === 'string' && value.trim() !== '')) return null;
  return {
    level: 'info',
    code: 'scope_empty',
    message:
      'The scope parameter is present but empty. ChatGPT sends scope= when the manifest declares an empty scope; ' +
      'Handshake accepts it, an OAuth server that requires a scope would refuse the request.',
  };
};

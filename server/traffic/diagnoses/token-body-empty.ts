import { type Diagnosis, parsedFieldNames } from './diagnosis';

/** A token request whose body gave no fields: wrong Content-Type, empty body, or a body that does not parse. */
export const tokenBodyEmpty: Diagnosis = (exchange) => {
  if (exchange.kind !== 'token' || exchange.method !== 'POST') return null;
  if (parsedFieldNames(exchange).length > 0) return null;
  const contentType = exchange.requestHeaders['content-type'];
  const length = Number(exchange.requestHeaders['content-length'] ?? exchange.requestBody?.size ?? 0);
  const what = length > 0 ? `${length} bytes` : 'an empty body';
  return {
    level: 'error',
    code: 'token_body_empty',
    message:
      `The token request carried ${what} with Content-Type ${contentType ? `"${contentType}"` : '(none)'}, ` +
      'and no fields could be read from it. Without grant_type, code and the ' +
      'client credentials the exchange cannot succeed. The body must be JSON or form-encoded, matching the ' +
      "manifest's authorization_content_type.",
  };
};

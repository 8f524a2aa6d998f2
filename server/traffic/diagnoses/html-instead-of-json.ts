import { mediaType } from '../wire-exchange';
import type { Diagnosis } from './diagnosis';

const expectsJson = new Set(['token', 'api', 'introspect']);

/** ChatGPT's servers parse these answers as JSON; an HTML page (a login page, ngrok's browser warning) breaks them. */
export const htmlInsteadOfJson: Diagnosis = (exchange) => {
  if (!expectsJson.has(exchange.kind)) return null;
  const contentType = exchange.responseHeaders['content-type'];
  if (mediaType(typeof contentType === 'string' ? contentType : null) !== 'text/html') return null;
  return {
    level: 'warn',
    code: 'html_instead_of_json',
    message:
      `ChatGPT expects JSON from the ${exchange.kind} endpoint, but the answer (status ${exchange.status}) is an ` +
      "HTML page — typically a login page, an error page, or ngrok's browser warning page in front of the server.",
  };
};

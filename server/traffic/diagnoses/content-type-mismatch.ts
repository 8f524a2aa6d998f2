import { mediaType } from '../wire-exchange';
import { type Diagnosis, listOrNone, parsedFieldNames } from './diagnosis';

/** The token request was not encoded the way the manifest's authorization_content_type says. */
export const contentTypeMismatch: Diagnosis = (exchange) => {
  // The manifest speaks for classic plugins only: an MCP host reads no manifest.
  if (exchange.kind !== 'token' || exchange.method !== 'POST' || exchange.mcpHost) return null;
  const declared = exchange.settings.authorizationContentType;
  const arrived = mediaType(exchange.requestHeaders['content-type']);
  if (arrived === declared) return null;
  const fields = parsedFieldNames(exchange);
  return {
    level: 'warn',
    code: 'content_type_mismatch',
    message:
      `The token request arrived as ${arrived ? `"${exchange.requestHeaders['content-type']}"` : 'a body without a Content-Type'}, ` +
      `but the manifest declares authorization_content_type "${declared}". Fields parsed: ${listOrNone(fields)}. ` +
      'ChatGPT encodes the token request the way the manifest says; a GPT Action sends form fields. ' +
      'Make the setting match what the client sends.',
  };
};

import type { TrafficNote } from '../traffic-entry';
import type { WireExchange } from '../wire-exchange';
import { clientCredentialsConflict } from './client-credentials-conflict';
import { contentTypeMismatch } from './content-type-mismatch';
import type { Diagnosis } from './diagnosis';
import { corsPreflight, fallbackEndpoint, refreshWithoutResource, resourceTrailingSlash } from './host-quirks';
import { htmlInsteadOfJson } from './html-instead-of-json';
import { mcpAnswer } from './mcp-answer';
import { noRefreshToken } from './no-refresh-token';
import { pkceSent } from './pkce-sent';
import { scopeEmpty } from './scope-empty';
import { tokenBodyEmpty } from './token-body-empty';
import { verificationTokenIsClientSecret, verificationTokenMissing } from './verification-token';

/** Diagnoses computable from the wire. Handler-side ones (code reuse, unknown client, …) come as handler notes. */
export const wireDiagnoses: Diagnosis[] = [
  tokenBodyEmpty,
  contentTypeMismatch,
  clientCredentialsConflict,
  noRefreshToken,
  htmlInsteadOfJson,
  verificationTokenMissing,
  verificationTokenIsClientSecret,
  pkceSent,
  scopeEmpty,
  mcpAnswer,
  resourceTrailingSlash,
  refreshWithoutResource,
  corsPreflight,
  fallbackEndpoint,
];

/** The handler's notes, then each wire note whose code the handler did not already give. */
export function diagnose(exchange: WireExchange): TrafficNote[] {
  const notes = [...exchange.handlerNotes];
  const codes = new Set(notes.map((note) => note.code));
  if (exchange.aborted) {
    notes.push({
      level: 'warn',
      code: 'client_aborted',
      message: 'The client closed the connection before the answer was complete.',
    });
  }
  for (const diagnosis of wireDiagnoses) {
    const note = diagnosis(exchange);
    if (note && !codes.has(note.code)) {
      notes.push(note);
      codes.add(note.code);
    }
  }
  return notes;
}

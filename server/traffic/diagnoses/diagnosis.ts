import type { TrafficNote } from '../traffic-entry';
import { bodyFields, type WireExchange } from '../wire-exchange';

/** A check on one exchange that needs nothing but the wire (and the settings): returns its note, or null. */
export type Diagnosis = (exchange: WireExchange) => TrafficNote | null;

/** The field names the server's body parser produced (or, without one, what the raw body parses to). */
export function parsedFieldNames(exchange: WireExchange): string[] {
  const body = exchange.serverParsedBody;
  if (body === undefined) return Object.keys(bodyFields(exchange.requestBody) ?? {});
  if (body !== null && typeof body === 'object' && !Array.isArray(body)) return Object.keys(body);
  return [];
}

export function listOrNone(names: string[]): string {
  return names.length > 0 ? names.join(', ') : 'none';
}

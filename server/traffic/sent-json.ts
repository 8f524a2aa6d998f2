import type { Express } from 'express';

/**
 * What each response of the public app was given to res.json, as the data JSON.parse of its text returns. The traffic
 * recorder takes it from here instead of parsing back the JSON the handler just serialised (a token answer, an
 * OAuth error). A WeakMap, so responses gain no property (see http/stable-shapes.ts) and nothing outlives them.
 */
const sent = new WeakMap<object, unknown>();

/** Makes `app`'s res.json remember its value for sentJsonOf. */
export function rememberSentJson(app: Express): void {
  const json = app.response.json;
  app.response.json = function (this: Express['response'], value: unknown) {
    const copy = plainJsonCopy(value, 0);
    if (copy !== undefined) sent.set(this, copy);
    return json.call(this, value);
  } as typeof json;
}

/** The JSON value the response was sent as, or undefined (not sent by res.json, or not plain data). */
export function sentJsonOf(res: object): unknown {
  return sent.get(res);
}

/**
 * A copy equal to JSON.parse(JSON.stringify(value)), made at send time so later changes to the value cannot differ
 * from what went out; undefined for anything stringify would transform (toJSON, Dates, class instances, undefined,
 * non-finite numbers, a "__proto__" key) or that is deeper or larger than an answer Handshake writes.
 */
function plainJsonCopy(value: unknown, depth: number): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? (Object.is(value, -0) ? 0 : value) : undefined;
  if (typeof value !== 'object' || depth > 8) return undefined;
  if (Array.isArray(value)) {
    if (value.length > 256) return undefined;
    const copy: unknown[] = [];
    for (const item of value) {
      const itemCopy = plainJsonCopy(item, depth + 1);
      if (itemCopy === undefined) return undefined;
      copy.push(itemCopy);
    }
    return copy;
  }
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return undefined;
  const keys = Object.keys(value);
  if (keys.length > 256) return undefined;
  const copy: Record<string, unknown> = {};
  for (const key of keys) {
    if (key === '__proto__') return undefined;
    const fieldCopy = plainJsonCopy((value as Record<string, unknown>)[key], depth + 1);
    if (fieldCopy === undefined) return undefined;
    copy[key] = fieldCopy;
  }
  return copy;
}

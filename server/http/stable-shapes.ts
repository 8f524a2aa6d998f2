import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';

type Key = string | symbol;

/** Learns the properties handlers add to one kind of object (req or res), and declares them up front. */
class ShapeTemplate {
  /** Keys to declare, in the order they were learned. */
  private readonly declared: Key[] = [];
  private readonly known = new Set<Key>();

  constructor(
    /** The prototype the framework gives the object: what a property reads as before it is set comes from here. */
    private readonly prototype: Record<Key, unknown>,
    private readonly limit: number,
  ) {}

  /**
   * Gives `target` every learned property it does not have yet, in learned order, with the value it would read as
   * anyway: its prototype's (read now, so a method patched later is the one declared), else undefined.
   */
  declare(target: object): void {
    const { declared, prototype } = this;
    for (let index = 0; index < declared.length; index++) {
      const key = declared[index];
      if (!Object.hasOwn(target, key)) (target as Record<Key, unknown>)[key] = prototype[key];
    }
  }

  /** Remembers the own properties `target` has now that it did not have on arrival (`arrived`). */
  learn(target: object, arrived: ReadonlySet<Key>): void {
    for (const key of Reflect.ownKeys(target)) {
      if (arrived.has(key) || this.known.has(key)) continue;
      this.known.add(key);
      if (this.declarable(key) && this.declared.length < this.limit) this.declared.push(key);
    }
  }

  /**
   * Whether declaring the key with its prototype's value changes nothing code can see: not when the prototype has an
   * accessor or a read-only property there, nor an object every request would then share.
   */
  private declarable(key: Key): boolean {
    for (let object: object | null = this.prototype; object !== null; object = Object.getPrototypeOf(object)) {
      const descriptor = Object.getOwnPropertyDescriptor(object, key);
      if (!descriptor) continue;
      if (!('value' in descriptor) || !descriptor.writable) return false;
      const value: unknown = descriptor.value;
      return value === null || typeof value !== 'object';
    }
    return true;
  }
}

/** One request in this many is watched for properties its handling added. */
const sampleEvery = 64;
/** Properties declared up front, per object; a bound, because names can come from anywhere. */
const maxDeclared = 64;

/**
 * Wraps an Express app so every request's `req` and `res` share one hidden class (V8 "map").
 *
 * Express 5 swaps the prototype of each req and res, and in V8 a property added to an object after such a swap gives
 * that object a hidden class of its own. The router, the body parsers and our handlers all add properties (next,
 * params, body, locals, …), so without this every request had new hidden classes, and every property access in
 * every middleware missed its inline cache and went to the runtime: about a fifth of a token request's CPU. Here the
 * properties requests gain are learned (from a sample of requests) and declared on each new req and res, with the
 * value they read as anyway, before Express swaps the prototype; setting them later then changes no hidden class.
 */
export function withStableShapes(app: RequestListener & { request: object; response: object }): RequestListener {
  const requests = new ShapeTemplate(app.request as Record<Key, unknown>, maxDeclared);
  const responses = new ShapeTemplate(app.response as Record<Key, unknown>, maxDeclared);
  let count = 0;
  return (req: IncomingMessage, res: ServerResponse) => {
    if (count++ % sampleEvery === 0) {
      const requestArrived = new Set(Reflect.ownKeys(req));
      const responseArrived = new Set(Reflect.ownKeys(res));
      res.once('close', () => {
        requests.learn(req, requestArrived);
        responses.learn(res, responseArrived);
      });
    }
    requests.declare(req);
    responses.declare(res);
    app(req, res);
  };
}

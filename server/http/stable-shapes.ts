import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';

type Key = string | symbol;
type Value = unknown;

/** A property requests gain while being handled, and the value it reads as before it is set. */
interface LearnedProperty {
  key: Key;
  initial: Value;
}

/** Learns the properties handlers add to one kind of object (req or res), and declares them up front. */
class ShapeTemplate {
  private readonly learned: LearnedProperty[] = [];
  private readonly known = new Set<Key>();

  constructor(
    /** The prototype the framework gives the object: initial values are read through it. */
    private readonly prototype: object,
    private readonly limit: number,
  ) {}

  /** Gives `target` every learned property it does not have yet, in learned order, with the value it reads as. */
  declare(target: object): void {
    const learned = this.learned;
    for (let index = 0; index < learned.length; index++) {
      const { key, initial } = learned[index];
      if (!Object.hasOwn(target, key)) (target as Record<Key, Value>)[key] = initial;
    }
  }

  /** Remembers the own properties `target` has now that it did not have on arrival (`arrived`). */
  learn(target: object, arrived: ReadonlySet<Key>): void {
    for (const key of Reflect.ownKeys(target)) {
      if (arrived.has(key) || this.known.has(key)) continue;
      this.known.add(key);
      const initial = this.initialValue(key);
      if (initial !== unsafe && this.learned.length < this.limit) this.learned.push({ key, initial: initial.value });
    }
  }

  /**
   * What the property reads as before anything sets it: the prototype chain's plain value (a number, a method), or
   * undefined. Accessors, read-only and object values cannot be declared without changing what code sees.
   */
  private initialValue(key: Key): { value: Value } | typeof unsafe {
    for (let object: object | null = this.prototype; object !== null; object = Object.getPrototypeOf(object)) {
      const descriptor = Object.getOwnPropertyDescriptor(object, key);
      if (!descriptor) continue;
      if (!('value' in descriptor) || !descriptor.writable) return unsafe;
      const value: unknown = descriptor.value;
      return value !== null && typeof value === 'object' ? unsafe : { value };
    }
    return { value: undefined };
  }
}

const unsafe = Symbol('unsafe');

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
  const requests = new ShapeTemplate(app.request, maxDeclared);
  const responses = new ShapeTemplate(app.response, maxDeclared);
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

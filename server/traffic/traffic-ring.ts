/**
 * A bounded first-in-first-out buffer: pushing into a full ring drops the oldest item. Its array grows as items
 * arrive (a log of 200,000 slots that holds ten entries costs ten), and wraps around once full.
 */
export class Ring<T> {
  /** Until the ring is first full, start is 0 and the items are items[0..count). */
  private items: (T | undefined)[] = [];
  private start = 0;
  private count = 0;

  private capacityValue: number;

  constructor(capacity: number) {
    this.capacityValue = validCapacity(capacity);
  }

  get size(): number {
    return this.count;
  }

  get capacity(): number {
    return this.capacityValue;
  }

  /** Adds an item; returns the one it pushed out, if any. */
  push(item: T): T | undefined {
    if (this.count < this.capacityValue) {
      this.items.push(item);
      this.count++;
      return undefined;
    }
    const evicted = this.items[this.start];
    this.items[this.start] = item;
    this.start = (this.start + 1) % this.capacityValue;
    return evicted;
  }

  /** Changes the capacity; returns the oldest items that no longer fit. */
  resize(newCapacity: number): T[] {
    const capacity = validCapacity(newCapacity);
    const all = [...this.oldestFirst()];
    const evicted = all.length > capacity ? all.splice(0, all.length - capacity) : [];
    this.capacityValue = capacity;
    this.items = all;
    this.start = 0;
    this.count = all.length;
    return evicted;
  }

  clear(): void {
    this.items = [];
    this.start = 0;
    this.count = 0;
  }

  *newestFirst(): Generator<T> {
    for (let offset = this.count - 1; offset >= 0; offset--) {
      yield this.items[(this.start + offset) % this.capacityValue] as T;
    }
  }

  *oldestFirst(): Generator<T> {
    for (let offset = 0; offset < this.count; offset++) {
      yield this.items[(this.start + offset) % this.capacityValue] as T;
    }
  }
}

function validCapacity(capacity: number): number {
  if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`ring capacity must be a positive integer, got ${capacity}`);
  return capacity;
}

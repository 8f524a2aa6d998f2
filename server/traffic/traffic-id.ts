import { randomBytes } from 'node:crypto';

let sequence = 0;
let randomPool = randomBytes(0);
let randomOffset = 0;

function randomSuffix(): string {
  if (randomOffset + 3 > randomPool.length) {
    randomPool = randomBytes(3 * 1024);
    randomOffset = 0;
  }
  const value = randomPool.readUIntBE(randomOffset, 3);
  randomOffset += 3;
  return value.toString(36).padStart(5, '0');
}

/**
 * A traffic entry id that sorts by arrival: milliseconds (base 36, fixed width), then a per-process sequence
 * (so two requests in the same millisecond keep their order), then randomness (so two processes never collide).
 */
export function newTrafficId(timeMs: number = Date.now()): string {
  sequence = (sequence + 1) % 36 ** 5;
  return timeMs.toString(36).padStart(9, '0') + sequence.toString(36).padStart(5, '0') + randomSuffix();
}

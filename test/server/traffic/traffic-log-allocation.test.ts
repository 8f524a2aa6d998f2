import { expect, test } from 'vitest';
import { TrafficLog } from '../../../server/traffic/traffic-log';
import { sampleEntry } from './sample-entry';

/**
 * The traffic log takes memory as it fills, not up front: its ring's slots and the arena's chunks are allocated
 * when entries arrive. (Measured as growth of the process's heap and ArrayBuffer use: both can only be lowered by
 * a collection meanwhile, so the bounds are safe.)
 */
const megabyte = 1024 * 1024;

test('twenty empty 200,000-entry logs take well under a megabyte each', () => {
  const before = process.memoryUsage();
  const logs = Array.from({ length: 20 }, () => new TrafficLog({ capacity: 200_000, dataDir: null }));
  const after = process.memoryUsage();
  expect(after.heapUsed - before.heapUsed).toBeLessThan(4 * megabyte);
  expect(after.arrayBuffers - before.arrayBuffers).toBeLessThan(1 * megabyte);
  expect(logs.every((log) => log.size === 0)).toBe(true);
});

test('a log that holds a few entries still takes little, and keeps them newest first', () => {
  const before = process.memoryUsage();
  const logs = Array.from({ length: 20 }, () => new TrafficLog({ capacity: 200_000, dataDir: null }));
  for (const log of logs) for (let i = 0; i < 3; i++) log.append(sampleEntry({ id: `t_${i}` }));
  const after = process.memoryUsage();
  expect(after.arrayBuffers - before.arrayBuffers).toBeLessThan(2 * megabyte);
  expect(after.heapUsed - before.heapUsed).toBeLessThan(8 * megabyte);
  expect(logs[0].list().map((summary) => summary.id)).toEqual(['t_2', 't_1', 't_0']);
});

import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { buildIfStale } from '../../../scripts/build-if-stale.mjs';

/** `npm run serve` builds only what changed: a fake build in a temporary folder counts how often it runs. */

let root: string;
const builds = {
  thing: { inputs: ['src', 'config.json'], output: 'out', command: ['build.mjs'], env: {} },
};
const options = () => ({ root, builds, log: () => undefined });
const runs = () => Number(readFileSync(join(root, 'runs'), 'utf8'));

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'handshake-build-'));
  mkdirSync(join(root, 'src', 'deep'), { recursive: true });
  writeFileSync(join(root, 'src', 'a.ts'), 'a');
  writeFileSync(join(root, 'src', 'deep', 'b.ts'), 'b');
  writeFileSync(join(root, 'config.json'), '{}');
  writeFileSync(join(root, 'runs'), '0');
  writeFileSync(
    join(root, 'build.mjs'),
    `import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
     if (process.env.FAIL_BUILD) process.exit(3);
     mkdirSync('out', { recursive: true });
     writeFileSync('runs', String(Number(readFileSync('runs', 'utf8')) + 1));`,
  );
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
  delete process.env.FAIL_BUILD;
});

test('the first start builds; the next ones do not while nothing changed', () => {
  expect(buildIfStale(undefined, options())).toEqual(['thing']);
  expect(buildIfStale(undefined, options())).toEqual([]);
  expect(buildIfStale(undefined, options())).toEqual([]);
  expect(runs()).toBe(1);
});

test('an edited, added or deleted source, or a touched config file, builds again', () => {
  buildIfStale(undefined, options());
  writeFileSync(join(root, 'src', 'deep', 'b.ts'), 'b, edited');
  expect(buildIfStale(undefined, options())).toEqual(['thing']);
  writeFileSync(join(root, 'src', 'c.ts'), 'new');
  expect(buildIfStale(undefined, options())).toEqual(['thing']);
  rmSync(join(root, 'src', 'a.ts'));
  expect(buildIfStale(undefined, options())).toEqual(['thing']);
  const later = new Date(Date.now() + 60_000);
  utimesSync(join(root, 'config.json'), later, later);
  expect(buildIfStale(undefined, options())).toEqual(['thing']);
  expect(buildIfStale(undefined, options())).toEqual([]);
  expect(runs()).toBe(5);
});

test('a failed build says so and is tried again at the next start', () => {
  process.env.FAIL_BUILD = '1';
  expect(() => buildIfStale(undefined, options())).toThrow(/building the thing failed \(exit 3\)/);
  delete process.env.FAIL_BUILD;
  expect(buildIfStale(undefined, options())).toEqual(['thing']);
  expect(runs()).toBe(1);
});

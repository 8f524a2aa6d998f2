#!/usr/bin/env node
// `npm run check`: builds the server bundle if its sources changed, then runs the check CLI against a running
// Handshake (its control API). Arguments after `--` go to the CLI.
import { buildIfStale } from './build-if-stale.mjs';

try {
  buildIfStale(['server'], { log: (line) => console.error(line) });
} catch (error) {
  console.error(`handshake check: ${error.message}`);
  process.exit(2);
}
await import(new URL('../dist/server/check.mjs', import.meta.url).href);

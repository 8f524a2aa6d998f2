#!/usr/bin/env node
// `npm run serve`: builds the renderer and the server if their sources changed, then runs the compiled server in
// this same process (no second Node for a wrapper). Arguments after `--` go to the server.
import { buildIfStale } from './build-if-stale.mjs';

try {
  buildIfStale();
} catch (error) {
  console.error(`handshake: ${error.message}`);
  process.exit(1);
}
await import(new URL('../dist/server/serve.mjs', import.meta.url).href);

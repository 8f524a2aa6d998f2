// node:fs as the MCP conformance runner imports it, plus the globSync Node 22 added. The runner's `authorization`
// command never calls globSync (only `tier-check` does), so this one refuses clearly instead of guessing.
export * from 'node:fs';
export { default } from 'node:fs';

export function globSync(pattern) {
  throw new Error(
    `fs.globSync(${JSON.stringify(pattern)}) needs Node 22; on Node 20 only the conformance runner's authorization command is supported`,
  );
}

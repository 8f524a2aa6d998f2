#!/usr/bin/env node
// Runs the formatter and linter check (Biome), the type check and each Vitest project as its own suite, and prints a closing
// "suite on Node <version>: N passed, N failed, N skipped" line per suite that CI recognises.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const only = process.argv.slice(2);
const suites = ['lint', 'typecheck', 'server', 'renderer', 'electron', 'e2e'].filter((s) => only.length === 0 || only.includes(s));
const outDir = join('test-results', 'json');
mkdirSync(outDir, { recursive: true });

const summary = [];
for (const suite of suites) {
  console.log(`\n=== ${suite} (Node ${process.versions.node}) ===`);
  if (suite === 'lint') {
    summary.push(lintSuite());
    continue;
  }
  if (suite === 'typecheck') {
    const run = spawnSync('npx', ['tsc', '--noEmit', '-p', '.'], { stdio: 'inherit' });
    summary.push({ suite, passed: run.status === 0 ? 1 : 0, failed: run.status === 0 ? 0 : 1, skipped: 0 });
    continue;
  }
  const outputFile = join(outDir, `${suite}.json`);
  rmSync(outputFile, { force: true });
  const run = spawnSync(
    'npx',
    ['vitest', 'run', '--project', suite, '--reporter=default', '--reporter=json', `--outputFile.json=${outputFile}`],
    { stdio: 'inherit', env: { ...process.env, FORCE_COLOR: process.env.CI ? '0' : process.env.FORCE_COLOR } },
  );
  if (!existsSync(outputFile)) {
    summary.push({ suite, passed: 0, failed: 1, skipped: 0, note: `vitest exited ${run.status} without a report` });
    continue;
  }
  const report = JSON.parse(readFileSync(outputFile, 'utf8'));
  const failedSuites = (report.testResults ?? []).filter((f) => f.status === 'failed' && (f.assertionResults ?? []).length === 0).length;
  summary.push({
    suite,
    passed: report.numPassedTests,
    failed: report.numFailedTests + failedSuites + (run.status !== 0 && report.numFailedTests === 0 && failedSuites === 0 ? 1 : 0),
    skipped: report.numPendingTests + report.numTodoTests,
  });
}

/**
 * `biome ci`: formatting, import order and lint rules (biome.jsonc), nothing written. A file passes when it has no
 * error; warnings are printed but do not fail it.
 */
function lintSuite() {
  const run = spawnSync('npx', ['biome', 'ci', '--colors=off', '--reporter=json', '.'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  let report;
  try {
    report = JSON.parse(run.stdout);
  } catch {
    process.stdout.write(run.stdout ?? '');
    process.stderr.write(run.stderr ?? '');
    return { suite: 'lint', passed: 0, failed: 1, skipped: 0, note: `biome exited ${run.status} without a report` };
  }
  const errors = report.diagnostics.filter((d) => d.severity === 'error');
  const warnings = report.diagnostics.filter((d) => d.severity === 'warning');
  const where = (d) =>
    `${d.location?.path ?? '?'}${d.location?.start?.line ? `:${d.location.start.line}:${d.location.start.column + 1}` : ''}`;
  for (const d of warnings) console.log(`warning ${where(d)} ${d.category}: ${d.message}`);
  for (const d of errors) console.log(`error   ${where(d)} ${d.category}: ${d.message}`);
  const failedFiles = new Set(errors.map((d) => d.location?.path ?? '?')).size;
  const checked = report.summary.changed + report.summary.unchanged;
  if (errors.length > 0)
    console.log(
      `\n${errors.length} error(s) in ${failedFiles} file(s). \`npm run format\` fixes formatting and import order; \`npx biome check .\` shows each finding in full.`,
    );
  else console.log(`${checked} files formatted and lint-clean (${warnings.length} warning(s)).`);
  return {
    suite: 'lint',
    passed: checked - failedFiles,
    failed: failedFiles + (errors.length === 0 && run.status !== 0 ? 1 : 0),
    skipped: report.summary.skipped ?? 0,
  };
}

console.log(`\n=== summary (Node ${process.versions.node}) ===`);
let failed = 0;
for (const s of summary) {
  failed += s.failed;
  console.log(
    `${s.suite} on Node ${process.versions.node}: ${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped${s.note ? ` (${s.note})` : ''}`,
  );
}
process.exit(failed > 0 ? 1 : 0);

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, test } from 'vitest';
import { httpRequest } from '../support/http-request';

/**
 * What `npm run serve` runs: scripts/serve.mjs builds what is stale (the first time here, on a fresh clone), then
 * runs the compiled server in its own process with plain node, no tsx and no second process.
 */
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'handshake-serve-compiled-'));
let child: ChildProcess | undefined;

afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child!.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  rmSync(dataDir, { recursive: true, force: true });
});

function childrenOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((name) => {
      try {
        const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
      } catch {
        return false;
      }
    })
    .map(Number);
}

test('scripts/serve.mjs runs the compiled server under plain node, and it answers the manifest and the dashboard', {
  timeout: 180_000,
}, async () => {
  child = spawn(process.execPath, ['scripts/serve.mjs', '--port', '0', '--control-port', '0', '--data-dir', dataDir], {
    cwd: repoRoot,
    env: { ...process.env, NGROK_AUTHTOKEN: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk));
  const urls = await new Promise<{ manifest: string; dashboard: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve printed no URLs within 170 s:\n${output}`)), 170_000);
    child!.stdout!.on('data', () => {
      const manifest = /Manifest:\s+(\S+)/.exec(output)?.[1];
      const dashboard = /Dashboard:\s+(\S+)/.exec(output)?.[1];
      if (manifest && dashboard) {
        clearTimeout(timer);
        resolve({ manifest, dashboard });
      }
    });
    child!.once('exit', (code) => reject(new Error(`serve exited with ${code}:\n${output}`)));
  });

  const manifest = await httpRequest(urls.manifest);
  expect(manifest.status).toBe(200);
  expect(manifest.json.schema_version).toBe('v1');
  const dashboard = await httpRequest(new URL(urls.dashboard).origin + '/');
  expect(dashboard.status).toBe(200);
  expect(dashboard.text).toContain('<div id="root"');

  const commandLine = readFileSync(`/proc/${child.pid}/cmdline`, 'utf8').split('\0');
  expect(commandLine.slice(1, 2)).toEqual(['scripts/serve.mjs']);
  expect(commandLine.join(' ')).not.toContain('tsx');
  expect(childrenOf(child.pid!)).toEqual([]);
});

import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

/** A real `serve` child process (the headless CLI), on free ports, with its control API ready to call. */
export interface ServeProcess {
  child: ChildProcess;
  pid: number;
  publicUrl: string;
  controlUrl: string;
  controlToken: string;
  /** Everything printed so far (stdout and stderr). */
  output(): string;
  /** GET/POST/PATCH… on the control API with the bearer token. */
  control(method: string, path: string, body?: unknown): Promise<{ status: number; json: any }>;
  /** Peak resident set size (VmHWM) in bytes, from /proc; null where /proc is missing. */
  peakRss(): number | null;
  /** Resident set size now (VmRSS) in bytes; null where /proc is missing. */
  currentRss(): number | null;
  /** SIGKILL, no chance to flush anything. */
  kill9(): Promise<void>;
  /** SIGTERM and wait for a clean exit. */
  stop(): Promise<number | null>;
}

export async function startServe(dataDir: string, options: { extraArgs?: string[]; nodeArgs?: string[]; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<ServeProcess> {
  const child = spawn(
    process.execPath,
    [...(options.nodeArgs ?? []), '--import', 'tsx', join(repoRoot, 'server/cli/serve.ts'), '--port', '0', '--control-port', '0', '--data-dir', dataDir, ...(options.extraArgs ?? [])],
    { cwd: repoRoot, env: { ...process.env, NODE_ENV: 'production', ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const ready = await new Promise<{ publicUrl: string; controlUrl: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start within ${options.timeoutMs ?? 20_000} ms:\n${output}`)), options.timeoutMs ?? 20_000);
    const check = () => {
      const local = /Local:\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      const dashboard = /Dashboard:\s+(http:\/\/127\.0\.0\.1:\d+)\//.exec(output);
      if (local && dashboard) {
        clearTimeout(timer);
        resolve({ publicUrl: local[1], controlUrl: dashboard[1] });
      }
    };
    child.stdout!.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code} before it was ready:\n${output}`));
    });
  });
  const controlToken = readFileSync(join(dataDir, 'control-token'), 'utf8').trim();

  return {
    child,
    pid: child.pid!,
    ...ready,
    controlToken,
    output: () => output,
    async control(method, path, body) {
      const response = await fetch(ready.controlUrl + path, {
        method,
        headers: { authorization: `Bearer ${controlToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, json: text ? JSON.parse(text) : null };
    },
    peakRss: () => procStatusBytes(child.pid!, 'VmHWM'),
    currentRss: () => procStatusBytes(child.pid!, 'VmRSS'),
    async kill9() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

function procStatusBytes(pid: number, field: string): number | null {
  try {
    const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** Client ID and secret of a running serve, from its control API. */
export async function clientOf(serve: ServeProcess): Promise<{ clientId: string; clientSecret: string }> {
  const { status, json } = await serve.control('GET', '/api/client');
  if (status !== 200) throw new Error(`GET /api/client answered ${status}`);
  return { clientId: json.id, clientSecret: json.secret };
}

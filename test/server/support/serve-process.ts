import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ControlClient } from './control-client';
import type { HttpResponse } from './http-request';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** The URLs `serve` prints once it is up. */
export interface ServeUrls {
  local: string;
  manifest: string;
  /** The dashboard link, `#token=…` included. */
  dashboard: string;
}

/** `npm run serve` minus the renderer build: the real CLI (server/cli/serve.ts) in a child process. */
export interface ServeChild {
  child: ChildProcess;
  /** Everything printed so far (stdout, then stderr). */
  output(): string;
  /** Resolves with the printed URLs once the server is up; rejects if it exits first or takes longer than readyTimeoutMs. */
  ready: Promise<ServeUrls>;
  exited: Promise<{ code: number | null; stderr: string; stdout: string }>;
}

export interface SpawnServeOptions {
  env?: NodeJS.ProcessEnv;
  /** Node flags before the script (e.g. --max-old-space-size). */
  nodeArgs?: string[];
  readyTimeoutMs?: number;
}

/** Starts `serve` with `args` under this Node (so the child's pid is the server's own, for /proc readings). */
export function spawnServe(args: string[], options: SpawnServeOptions = {}): ServeChild {
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), '--import', 'tsx', join(repoRoot, 'server/cli/serve.ts'), ...args], {
    cwd: repoRoot,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const output = () => stdout + stderr;
  const exited = new Promise<{ code: number | null; stderr: string; stdout: string }>((done) =>
    child.once('exit', (code) => done({ code, stderr, stdout })),
  );
  const readyTimeoutMs = options.readyTimeoutMs ?? 20_000;
  const ready = new Promise<ServeUrls>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`serve did not start within ${readyTimeoutMs} ms:\n${output()}`)), readyTimeoutMs);
    const check = () => {
      const local = /Local: +(\S+)/.exec(stdout)?.[1];
      const manifest = /Manifest: +(\S+)/.exec(stdout)?.[1];
      const dashboard = /Dashboard: +(\S+)/.exec(stdout)?.[1];
      if (!local || !manifest || !dashboard) return;
      clearTimeout(timer);
      done({ local, manifest, dashboard });
    };
    child.stdout!.on('data', check);
    void exited.then(({ code }) => {
      clearTimeout(timer);
      fail(new Error(`serve exited with ${code} before it was ready:\n${output()}`));
    });
  });
  ready.catch(() => undefined);
  return { child, output, ready, exited };
}

/** A running `serve` on free ports, with its control API ready to call. */
export interface ServeProcess {
  child: ChildProcess;
  pid: number;
  publicUrl: string;
  controlUrl: string;
  controlToken: string;
  /** Everything printed so far (stdout and stderr). */
  output(): string;
  /** GET/POST/PATCH… on the control API with the bearer token; the answer as is. */
  control(method: string, path: string, body?: unknown): Promise<HttpResponse>;
  /** Peak resident set size (VmHWM) in bytes, from /proc; null where /proc is missing. */
  peakRss(): number | null;
  /** Resident set size now (VmRSS) in bytes; null where /proc is missing. */
  currentRss(): number | null;
  /** SIGKILL, no chance to flush anything. */
  kill9(): Promise<void>;
  /** SIGTERM and wait for a clean exit. */
  stop(): Promise<number | null>;
}

/** `serve` on ports 0 over `dataDir`, as production runs it (NODE_ENV=production); resolves once it is up. */
export async function startServe(
  dataDir: string,
  options: { extraArgs?: string[]; nodeArgs?: string[]; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<ServeProcess> {
  const serve = spawnServe(['--port', '0', '--control-port', '0', '--data-dir', dataDir, ...(options.extraArgs ?? [])], {
    env: { NODE_ENV: 'production', ...options.env },
    nodeArgs: options.nodeArgs,
    readyTimeoutMs: options.timeoutMs,
  });
  const { child } = serve;
  const urls = await serve.ready;
  const controlUrl = new URL(urls.dashboard).origin;
  const controlToken = readFileSync(join(dataDir, 'control-token'), 'utf8').trim();
  const api = new ControlClient(controlUrl, controlToken);
  const running = () => child.exitCode === null && child.signalCode === null;
  return {
    child,
    pid: child.pid!,
    publicUrl: urls.local,
    controlUrl,
    controlToken,
    output: serve.output,
    control: (method, path, body) => api.send(method, path, body),
    peakRss: () => procStatusBytes(child.pid!, 'VmHWM'),
    currentRss: () => procStatusBytes(child.pid!, 'VmRSS'),
    async kill9() {
      if (running()) child.kill('SIGKILL');
      await serve.exited;
    },
    async stop() {
      if (running()) child.kill('SIGTERM');
      return (await serve.exited).code;
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

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildIfStale } from '../../../scripts/build-if-stale.mjs';

export interface HeadlessServer {
  dashboardUrl: string;
  controlOrigin: string;
  token: string;
  publicOrigin: string;
  manifestUrl: string;
  dataDir: string;
  output: () => string;
  stop(): Promise<void>;
}

/** Builds dist/renderer (which the control listener serves) when its sources changed since the last build. */
export function ensureRendererBuilt(): void {
  buildIfStale(['renderer']);
}

/** `serve` exactly as a developer runs it, on free ports and a throwaway data folder; resolves once it printed its URLs. */
export async function startHeadlessServer(extraArgs: string[] = []): Promise<HeadlessServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'handshake-e2e-'));
  const child: ChildProcess = spawn(
    process.execPath,
    ['scripts/serve.mjs', '--port', '0', '--control-port', '0', '--data-dir', dataDir, ...extraArgs],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NGROK_AUTHTOKEN: '' },
      detached: true,
    },
  );
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));

  const found = await new Promise<{ dashboard: string; manifest: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve printed no Dashboard line within 60 s:\n${output}`)), 60_000);
    const check = () => {
      const dashboard = /Dashboard:\s+(\S+)/.exec(output)?.[1];
      const manifest = /Manifest:\s+(\S+)/.exec(output)?.[1];
      if (dashboard && manifest) {
        clearTimeout(timer);
        resolve({ dashboard, manifest });
      }
    };
    child.stdout!.on('data', check);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code}:\n${output}`));
    });
  });

  const dashboard = new URL(found.dashboard);
  const token = new URLSearchParams(dashboard.hash.slice(1)).get('token') ?? '';
  return {
    dashboardUrl: found.dashboard,
    controlOrigin: dashboard.origin,
    token,
    publicOrigin: new URL(found.manifest).origin,
    manifestUrl: found.manifest,
    dataDir,
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.pid) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        process.kill(-child.pid, 'SIGTERM');
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
        if (child.exitCode === null) process.kill(-child.pid, 'SIGKILL');
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A control API call from the test itself (e.g. to read the client or check what the UI changed). */
export async function control<T>(server: HeadlessServer, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(server.controlOrigin + path, {
    method,
    headers: { Authorization: `Bearer ${server.token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

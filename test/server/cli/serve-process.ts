import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../../..');
const tsx = resolve(root, 'node_modules/.bin/tsx');

export interface ServeProcess {
  child: ChildProcess;
  output: () => string;
  /** Resolves with the printed URLs once the server is up. */
  ready: Promise<{ local: string; manifest: string; dashboard: string }>;
  exited: Promise<{ code: number | null; stderr: string; stdout: string }>;
}

/** `npm run serve` minus the renderer build: the real CLI in a child process. */
export function startServe(args: string[], env: NodeJS.ProcessEnv = {}): ServeProcess {
  const child = spawn(tsx, ['server/cli/serve.ts', ...args], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; stderr: string; stdout: string }>((done) => child.on('exit', (code) => done({ code, stderr, stdout })));
  const ready = new Promise<{ local: string; manifest: string; dashboard: string }>((done, fail) => {
    const check = () => {
      const local = /Local: +(\S+)/.exec(stdout)?.[1];
      const manifest = /Manifest: +(\S+)/.exec(stdout)?.[1];
      const dashboard = /Dashboard: +(\S+)/.exec(stdout)?.[1];
      if (local && manifest && dashboard) done({ local, manifest, dashboard });
    };
    child.stdout!.on('data', check);
    void exited.then(({ code }) => fail(new Error(`serve exited with ${code}: ${stderr}`)));
  });
  ready.catch(() => undefined);
  return { child, output: () => stdout + stderr, ready, exited };
}

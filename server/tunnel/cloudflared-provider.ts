import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { findCloudflared } from './cloudflared-binary';
import {
  cloudflaredExitProblem,
  cloudflaredMissingProblem,
  cloudflaredUnusableProblem,
  describeCloudflaredError,
  readCloudflaredLine,
} from './cloudflared-output';
import { TunnelProblemError } from './tunnel-errors';
import type { TunnelOpenOptions, TunnelProvider, TunnelSession } from './tunnel-provider';

export interface CloudflaredProviderOptions {
  /** settings.cloudflaredPath, read at each start ('' searches). */
  configuredPath: () => string;
  /** The environment cloudflared is looked up in and started with. Default process.env. */
  env?: NodeJS.ProcessEnv;
  /** How long close() waits after SIGTERM before SIGKILL. Default 3 s. */
  killAfterMs?: number;
}

/**
 * Cloudflare's quick tunnel: runs `cloudflared tunnel --url http://<public listener>` as a child process, reads the
 * trycloudflare.com URL and errors from its output, and keeps no process behind: close() terminates it (SIGKILL if it
 * lingers), and Handshake's own exit, clean or not, kills it too. A process that dies by itself is reported.
 */
export class CloudflaredProvider implements TunnelProvider {
  constructor(private readonly options: CloudflaredProviderOptions) {}

  open({ forwardTo, signal, onConnectionChange }: TunnelOpenOptions): Promise<TunnelSession> {
    const env = this.options.env ?? process.env;
    const binary = findCloudflared(this.options.configuredPath(), env);
    if (!binary) return Promise.reject(new TunnelProblemError(cloudflaredMissingProblem()));

    const child = spawn(binary.path, ['tunnel', '--no-autoupdate', '--url', `http://${forwardTo}`], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsHide: true,
    });
    const killOnExit = () => child.kill('SIGKILL');
    process.once('exit', killOnExit);
    const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));

    let url: string | null = null;
    let online = false;
    let closing = false;
    let lastError: string | null = null;
    const connections = new Set<string>();

    return new Promise<TunnelSession>((resolve, reject) => {
      const session: TunnelSession = {
        get url() {
          return url ?? '';
        },
        close: async () => {
          closing = true;
          await stop(child, exited, this.options.killAfterMs ?? 3000);
        },
      };

      const onLine = (line: string) => {
        const read = readCloudflaredLine(line);
        if (read.kind === 'url') url ??= read.url;
        else if (read.kind === 'error') lastError = read.text;
        else if (read.kind === 'connected') {
          const wasDown = connections.size === 0;
          connections.add(read.index);
          if (online && wasDown && !closing) onConnectionChange('online');
        } else if (read.kind === 'disconnected') {
          connections.delete(read.index);
          if (online && connections.size === 0 && !closing) {
            onConnectionChange(
              'reconnecting',
              lastError ? describeCloudflaredError(lastError) : 'cloudflared lost its connections to Cloudflare',
            );
          }
        }
        // Online once Cloudflare has the URL and at least one edge connection carries it.
        if (!online && url && connections.size > 0) {
          online = true;
          resolve(session);
        }
      };
      signal?.addEventListener('abort', () => {
        if (online) return;
        closing = true;
        void stop(child, exited, this.options.killAfterMs ?? 3000);
      });
      for (const stream of [child.stdout, child.stderr]) createInterface({ input: stream }).on('line', onLine);

      child.once('error', (error: NodeJS.ErrnoException) => {
        process.removeListener('exit', killOnExit);
        const reason = error.code === 'ENOENT' ? 'no such file' : error.code === 'EACCES' ? 'not executable' : error.message;
        reject(new TunnelProblemError(cloudflaredUnusableProblem(binary.path, reason)));
      });
      child.once('close', (code, signal) => {
        process.removeListener('exit', killOnExit);
        if (closing) {
          if (!online) reject(new Error('cloudflared was stopped before it gave a URL'));
          return;
        }
        const problem = cloudflaredExitProblem({ code, signal }, lastError, online);
        if (online) onConnectionChange('closed', problem);
        else reject(new TunnelProblemError(problem));
      });
    });
  }
}

/** SIGTERM, then SIGKILL if cloudflared is still there after `killAfterMs` (it waits for open requests otherwise). */
async function stop(child: ChildProcess, exited: Promise<void>, killAfterMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const lingering = new Promise<'lingering'>((resolve) => {
    timer = setTimeout(() => resolve('lingering'), killAfterMs);
  });
  if ((await Promise.race([exited, lingering])) === 'lingering') {
    child.kill('SIGKILL');
    await exited;
  }
  clearTimeout(timer);
}

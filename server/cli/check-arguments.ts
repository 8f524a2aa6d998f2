import { parseArgs } from 'node:util';
import { type CheckProfile, checkProfiles } from '../checks/check-run';
import { readControlUrlFile } from '../control/http/control-url-file';
import { defaultDataDir } from '../core/default-data-dir';
import { UsageError } from './serve-arguments';

export interface CheckArguments {
  /** The public URL to check; for the mcp profile /mcp is added to a bare origin. */
  url: string;
  profiles: CheckProfile[];
  /** The server profile: the MCP server to probe (default: Settings' "Your MCP server", else Handshake's /mcp). */
  serverUrl?: string;
  user?: string;
  /** The running Handshake's control API: --control-url, HANDSHAKE_CONTROL_URL, else undefined (see resolveControlUrl). */
  controlUrl?: string;
  /** Its bearer token: --control-token, HANDSHAKE_CONTROL_TOKEN, else read from <data-dir>/control-token. */
  controlToken?: string;
  dataDir: string;
}

export const checkUsage = `Usage: npm run check -- --url <public URL> [--profile classic|mcp|<host>|server] [--server-url URL] [--user email] [--control-url URL] [--data-dir DIR]
Runs "Test as ChatGPT" in the running Handshake: at --control-url, else the one whose control API URL is in
<data-dir>/control-url (npm run serve and the desktop scripting API write it), else http://127.0.0.1:3031. Prints one
line per step and exits 0 when ChatGPT would go through, 1 when a step fails, 2 on bad input or when Handshake cannot
be reached. Without --profile classic and mcp (ChatGPT) run; --profile codex, claude, claude-code, cursor, vscode or
inspector plays that MCP host (chatgpt is mcp). --profile server checks your own MCP server's token validation
(--server-url, default the one in Settings). The control token is taken from
--control-token, HANDSHAKE_CONTROL_TOKEN or <data-dir>/control-token.`;

const httpUrl = (name: string, value: string) => {
  if (!/^https?:\/\//i.test(value) || !URL.canParse(value))
    throw new UsageError(`--${name} must be an absolute http(s) URL, not "${value}"`);
  return value.replace(/\/+$/, '');
};

export const defaultControlUrl = 'http://127.0.0.1:3031';

/** The control API to ask: the one given, else the one the running Handshake wrote into its data dir, else serve's default. */
export async function resolveControlUrl(args: CheckArguments): Promise<string> {
  return args.controlUrl ?? (await readControlUrlFile(args.dataDir)) ?? defaultControlUrl;
}

export function parseCheckArguments(argv: string[], env: NodeJS.ProcessEnv = process.env): CheckArguments {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        url: { type: 'string' },
        profile: { type: 'string' },
        user: { type: 'string' },
        'server-url': { type: 'string' },
        'control-url': { type: 'string' },
        'control-token': { type: 'string' },
        'data-dir': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0]);
  }
  if (values.help) throw new UsageError(checkUsage);
  if (typeof values.url !== 'string') throw new UsageError(`--url is required (the public URL ChatGPT is given).\n${checkUsage}`);
  const profile = values.profile;
  if (profile !== undefined && !checkProfiles.includes(profile as CheckProfile))
    throw new UsageError(`--profile must be one of ${checkProfiles.join(', ')}, not "${profile}"`);
  if (values['server-url'] !== undefined && profile !== 'server') throw new UsageError('--server-url goes with --profile server');
  return {
    url: httpUrl('url', values.url),
    profiles: profile ? [profile as CheckProfile] : ['classic', 'mcp'],
    serverUrl: typeof values['server-url'] === 'string' ? httpUrl('server-url', values['server-url']) : undefined,
    user: typeof values.user === 'string' ? values.user : undefined,
    controlUrl:
      typeof values['control-url'] === 'string'
        ? httpUrl('control-url', values['control-url'])
        : env.HANDSHAKE_CONTROL_URL
          ? httpUrl('control-url', env.HANDSHAKE_CONTROL_URL)
          : undefined,
    controlToken: typeof values['control-token'] === 'string' ? values['control-token'] : env.HANDSHAKE_CONTROL_TOKEN || undefined,
    dataDir: typeof values['data-dir'] === 'string' ? values['data-dir'] : (env.HANDSHAKE_DATA_DIR ?? defaultDataDir(env)),
  };
}

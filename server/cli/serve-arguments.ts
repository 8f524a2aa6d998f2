import { parseArgs } from 'node:util';
import { defaultDataDir } from '../core/default-data-dir';

export interface ServeArguments {
  port: number;
  controlPort: number;
  dataDir: string;
  configFile?: string;
  publicUrl?: string;
  tunnel: boolean;
}

export class UsageError extends Error {}

export const usage = `Usage: npm run serve -- [--port N] [--control-port N] [--data-dir DIR] [--config FILE] [--public-url URL] [--tunnel]`;

function port(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65535)
    throw new UsageError(`--${name} must be a port number from 0 to 65535, not "${value}"`);
  return Number(value);
}

function parseFlags(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        'control-port': { type: 'string' },
        'data-dir': { type: 'string' },
        config: { type: 'string' },
        'public-url': { type: 'string' },
        tunnel: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0]);
  }
}

export function parseServeArguments(argv: string[], env: NodeJS.ProcessEnv = process.env): ServeArguments {
  const values = parseFlags(argv).values;
  if (values.help) throw new UsageError(usage);
  const publicUrl = values['public-url'];
  if (publicUrl !== undefined && !(/^https?:\/\//.test(publicUrl) && URL.canParse(publicUrl))) {
    throw new UsageError(`--public-url must be an absolute http(s) URL, not "${publicUrl}"`);
  }
  return {
    port: port('port', values.port, 3030),
    controlPort: port('control-port', values['control-port'], 3031),
    dataDir: values['data-dir'] ?? env.HANDSHAKE_DATA_DIR ?? defaultDataDir(env),
    configFile: values.config,
    publicUrl: publicUrl?.replace(/\/+$/, ''),
    tunnel: values.tunnel ?? false,
  };
}

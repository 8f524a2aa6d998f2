import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseServeArguments } from '../../../server/cli/serve-arguments';
import { defaultDataDir } from '../../../server/core/default-data-dir';

describe('serve arguments', () => {
  it('defaults to ports 3030/3031 and the desktop app’s data folder, unless HANDSHAKE_DATA_DIR says otherwise', () => {
    expect(parseServeArguments([], { XDG_CONFIG_HOME: '/cfg' })).toMatchObject({
      port: 3030,
      controlPort: 3031,
      dataDir: defaultDataDir({ XDG_CONFIG_HOME: '/cfg' }),
      tunnel: false,
    });
    expect(parseServeArguments([], { HANDSHAKE_DATA_DIR: '/data' }).dataDir).toBe('/data');
    expect(parseServeArguments(['--data-dir', '/flag'], { HANDSHAKE_DATA_DIR: '/data' }).dataDir).toBe('/flag');
    expect(parseServeArguments(['--public-url', 'https://x.example.com/', '--tunnel'], {})).toMatchObject({
      publicUrl: 'https://x.example.com',
      tunnel: true,
    });
  });

  it('matches Electron’s userData folder for the product name on each platform', () => {
    expect(defaultDataDir({ XDG_CONFIG_HOME: '/cfg' }, 'linux')).toBe(join('/cfg', 'Handshake'));
    expect(defaultDataDir({}, 'linux')).toBe(join(homedir(), '.config', 'Handshake'));
    expect(defaultDataDir({}, 'darwin')).toBe(join(homedir(), 'Library', 'Application Support', 'Handshake'));
    expect(defaultDataDir({ APPDATA: 'C:\\Users\\a\\AppData\\Roaming' }, 'win32')).toBe(
      join('C:\\Users\\a\\AppData\\Roaming', 'Handshake'),
    );
  });
});

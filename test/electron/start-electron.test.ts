import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startElectron } from '../../scripts/start-electron.mjs';

// `npm start` runs scripts/start-electron.mjs. The seam is electron's package folder: its path.txt and dist/ hold the
// binary, its install.js downloads it from GitHub. Each test gives a folder of its own, with an install.js that fails
// as the real one does offline, or one that "downloads" a small executable that records how it was started.

let dir: string;
let electronDir: string;
let lines: string[];
const log = (line: string) => lines.push(line);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'handshake-start-'));
  electronDir = join(dir, 'electron');
  mkdirSync(electronDir);
  lines = [];
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function installer(body: string): void {
  writeFileSync(join(electronDir, 'install.js'), body);
}

/** What electron's install.js leaves behind: path.txt naming dist/<exe>, here a script recording its arguments. */
const fakeDownload = `
const fs = require('node:fs'); const path = require('node:path');
fs.mkdirSync(path.join(__dirname, 'dist'), { recursive: true });
const exe = path.join(__dirname, 'dist', 'electron');
fs.writeFileSync(exe, '#!/usr/bin/env node\\nrequire("node:fs").writeFileSync(process.env.RECORD, JSON.stringify(process.argv.slice(2)));\\nprocess.exit(3);\\n');
fs.chmodSync(exe, 0o755);
fs.writeFileSync(path.join(__dirname, 'path.txt'), 'electron');
`;

describe('npm start (scripts/start-electron.mjs)', () => {
  it('says in one paragraph what happened when the binary is missing and GitHub cannot be reached, without a stack trace', async () => {
    installer(
      `console.error('RequestError: getaddrinfo ENOTFOUND github.com\\n    at ClientRequest.<anonymous> (got/dist/source/core/index.js:970:111)'); process.exit(1);`,
    );
    const code = await startElectron({ electronDir, appDir: dir, log });
    expect(code).toBe(1);
    const paragraph = lines.at(-1) ?? '';
    expect(paragraph).toMatch(/^The desktop app cannot start: Electron’s own program is not installed/);
    expect(paragraph).toContain('downloaded from GitHub');
    expect(paragraph).toContain('(RequestError: getaddrinfo ENOTFOUND github.com)');
    expect(paragraph).toContain('run `npm start` again');
    expect(paragraph).toContain('`npm run serve` runs the same app');
    expect(lines.join('\n')).not.toMatch(/^\s+at /m);
  });

  it('downloads the binary on the first start, then runs the app with it and leaves with its exit code', async () => {
    installer(fakeDownload);
    const record = join(dir, 'args.json');
    const code = await startElectron({
      electronDir,
      appDir: '/the/app',
      args: ['--inspect'],
      env: { ...process.env, RECORD: record },
      log,
    });
    expect(code).toBe(3);
    expect(JSON.parse(readFileSync(record, 'utf8'))).toEqual(['/the/app', '--inspect']);
  });

  it('runs an installed binary without calling the installer', async () => {
    installer(fakeDownload);
    await startElectron({ electronDir, appDir: dir, env: { ...process.env, RECORD: join(dir, 'first.json') }, log });
    installer(`require('node:fs').writeFileSync(${JSON.stringify(join(dir, 'installer-ran'))}, ''); process.exit(1);`);
    chmodSync(join(electronDir, 'dist', 'electron'), 0o755);
    lines = [];
    expect(await startElectron({ electronDir, appDir: dir, env: { ...process.env, RECORD: join(dir, 'second.json') }, log })).toBe(3);
    expect(lines).toEqual([]);
    expect(() => readFileSync(join(dir, 'installer-ran'))).toThrow();
  });
});

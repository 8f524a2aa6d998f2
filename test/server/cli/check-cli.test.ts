import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCheckArguments, resolveControlUrl } from '../../../server/cli/check-arguments';
import { joseVerifier, ProbedMcpServer } from '../checks/probed-mcp-server';
import { closedPort } from '../support/closed-port';
import { startTestCore, type TestCore } from '../support/test-core';

const repoRoot = join(import.meta.dirname, '../../..');

/** `npm run check -- …` as CI runs it, from source. */
function runCli(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'server/cli/check.ts'), ...args], {
      cwd: repoRoot,
      env: { ...process.env, HANDSHAKE_CONTROL_TOKEN: '', HANDSHAKE_CONTROL_URL: '', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm run check', () => {
  let core: TestCore;
  let control: string[];
  beforeAll(async () => {
    core = await startTestCore();
    control = ['--control-url', core.controlUrl, '--data-dir', core.dataDir];
  });
  afterAll(() => core.close());

  it('prints one line per step of both profiles and exits 0 when ChatGPT would go through', async () => {
    const { code, stdout, stderr } = await runCli(['--url', core.publicUrl, ...control]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toBe(`Test as ChatGPT (classic) against ${core.publicUrl} as demo@handshake.local`);
    expect(lines.filter((line) => /^(PASS|WARN) {2}\S/.test(line))).toHaveLength(9 + 14);
    expect(lines).toContain(`Test as ChatGPT (mcp) against ${core.publicUrl}/mcp as demo@handshake.local`);
    expect(lines.filter((line) => line.startsWith('PASSED: ChatGPT would go through.'))).toHaveLength(2);
    expect(lines.find((line) => line.startsWith('WARN  verification-token'))).toMatch(
      /No verification token yet.*\[OpenAI: ChatGPT plugins, OAuth: https:\/\//,
    );
  });

  it('--profile <host> plays that MCP host', async () => {
    const { code, stdout, stderr } = await runCli(['--url', core.publicUrl, '--profile', 'cursor', ...control]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toBe(`Test as Cursor (cursor) against ${core.publicUrl}/mcp as demo@handshake.local`);
    expect(lines.at(-1)).toMatch(/^PASSED: Cursor would go through\. Traffic flow flw_chk/);
    expect(lines.some((line) => line.startsWith('PASS  reconnect'))).toBe(false);
  });

  it('exits 1 and names the failing step and its reason when a step fails', async () => {
    await core.api.call('POST', '/api/faults', { kind: 'fail', target: 'token', count: 1, error: 'invalid_grant' });
    const { code, stdout } = await runCli(['--url', core.publicUrl, '--profile', 'mcp', ...control]);
    expect(code).toBe(1);
    expect(stdout).toMatch(/^FAIL {2}token {16}Exchange the code: The token endpoint answered 400: invalid_grant/m);
    expect(stdout).toMatch(/^SKIP {2}initialize/m);
    expect(stdout.trim().split('\n').at(-1)).toMatch(/^FAILED at token: ChatGPT would stop there\. Traffic flow flw_chk/);
  });

  it('--profile server probes the MCP server: exit 0 when it refuses every bad token, 1 naming the checks it skips', async () => {
    const own = await runCli(['--url', core.publicUrl, '--profile', 'server', ...control]);
    expect(own.code).toBe(0);
    expect(own.stdout.split('\n')[0]).toBe(
      `Check my MCP server's token validation: ${core.publicUrl}/mcp, tokens for demo@handshake.local`,
    );
    expect(own.stdout).toMatch(/^PASSED: your server refuses every bad token\./m);

    const trust = { issuer: core.publicUrl, audience: `${core.publicUrl}/mcp`, jwksUrl: `${core.publicUrl}/oauth/jwks.json` };
    const broken = await new ProbedMcpServer(trust, { verify: joseVerifier({ audience: false }) }).start();
    try {
      const { code, stdout } = await runCli(['--url', core.publicUrl, '--profile', 'server', '--server-url', broken.url, ...control]);
      expect(code).toBe(1);
      expect(stdout).toMatch(/^FAIL {2}aud-other {12}A token for another server: Your server accepted it \(200\): it does not check aud/m);
      expect(stdout).toMatch(/^PASS {2}expired/m);
      expect(stdout.trim().split('\n').at(-1)).toMatch(/^FAILED: aud-other, aud-missing\. Traffic flow flw_chk/);
    } finally {
      await broken.close();
    }
  });

  it('finds the running Handshake by itself: its control URL sits beside control-token in the data dir', async () => {
    expect(readFileSync(join(core.dataDir, 'control-url'), 'utf8')).toBe(`${core.controlUrl}\n`);
    const { code, stdout, stderr } = await runCli(['--url', core.publicUrl, '--profile', 'classic', '--data-dir', core.dataDir]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout.trim().split('\n').at(-1)).toMatch(/^PASSED: ChatGPT would go through\./);
  });

  it('exits 2 on bad input, naming it', async () => {
    const missing = await runCli(control);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--url is required/);
    const profile = await runCli(['--url', core.publicUrl, '--profile', 'gpt', ...control]);
    expect(profile.code).toBe(2);
    expect(profile.stderr).toMatch(
      /--profile must be one of classic, mcp, chatgpt, codex, claude, claude-code, cursor, vscode, inspector, server, not "gpt"/,
    );
    const user = await runCli(['--url', core.publicUrl, '--profile', 'mcp', '--user', 'nobody@example.com', ...control]);
    expect(user.code).toBe(2);
    expect(user.stderr).toMatch(/no user with email nobody@example\.com.* \(user\)/);
  });

  it('exits 2 when Handshake cannot be reached or the token is wrong', async () => {
    const down = await runCli([
      '--url',
      core.publicUrl,
      '--control-url',
      `http://127.0.0.1:${await closedPort()}`,
      '--control-token',
      'x'.repeat(40),
    ]);
    expect(down.code).toBe(2);
    expect(down.stderr).toMatch(/cannot reach Handshake's control API/);
    const wrong = await runCli(['--url', core.publicUrl, '--control-url', core.controlUrl, '--control-token', 'y'.repeat(40)]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/answered 401/);
    const noToken = await runCli(['--url', core.publicUrl, '--control-url', core.controlUrl, '--data-dir', join(core.dataDir, 'missing')]);
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toMatch(/no control token: .*control-token cannot be read/);
  });
});

describe('check arguments', () => {
  it('default to both profiles, serve’s control port and the data dir’s token', () => {
    const args = parseCheckArguments(['--url', 'https://x.ngrok.app/'], { HANDSHAKE_DATA_DIR: '/tmp/hs' });
    expect(args).toEqual({
      url: 'https://x.ngrok.app',
      profiles: ['classic', 'mcp'],
      user: undefined,
      controlUrl: undefined,
      controlToken: undefined,
      dataDir: '/tmp/hs',
    });
    expect(() => parseCheckArguments(['--url', 'x.ngrok.app'])).toThrow('--url must be an absolute http(s) URL, not "x.ngrok.app"');
    expect(() => parseCheckArguments(['--url', 'https://x.ngrok.app', '--nope'])).toThrow(/Unknown option '--nope'/);
  });
});

describe('the control-url file', () => {
  it('is written when the control API opens and removed when it closes; a stale or damaged one is not used', async () => {
    const own = await startTestCore();
    const file = join(own.dataDir, 'control-url');
    expect(await resolveControlUrl(parseCheckArguments(['--url', own.publicUrl, '--data-dir', own.dataDir]))).toBe(own.controlUrl);
    const given = parseCheckArguments(['--url', own.publicUrl, '--data-dir', own.dataDir, '--control-url', 'http://127.0.0.1:4999']);
    expect(await resolveControlUrl(given)).toBe('http://127.0.0.1:4999');
    await own.control.close();
    expect(existsSync(file)).toBe(false);
    await own.close();

    const dir = mkdtempSync(join(tmpdir(), 'handshake-control-url-'));
    try {
      writeFileSync(join(dir, 'control-url'), 'http://evil.example:80\n');
      expect(await resolveControlUrl(parseCheckArguments(['--url', 'https://x.ngrok.app', '--data-dir', dir]))).toBe(
        'http://127.0.0.1:3031',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

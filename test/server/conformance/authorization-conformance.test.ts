import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLoginForm } from '../../chatgpt-simulator/chatgpt-client';
import { closedPort } from '../support/closed-port';
import { httpRequest } from '../support/http-request';
import { knownUser, type PluginFixture, startPluginFixture } from '../support/plugin-fixture';

const runner = join('node_modules', '@modelcontextprotocol', 'conformance', 'dist', 'index.js');
const node20Seam = join(import.meta.dirname, 'node20', 'register.mjs');

interface Check {
  id: string;
  status: string;
  errorMessage?: string;
}

/**
 * The official MCP conformance runner's `authorization` command (metadata, then the authorization code grant) against
 * Handshake. It waits for a browser to complete the sign-in; the test is that browser.
 */
async function runConformance(
  plugin: PluginFixture,
  client: { id: string; secret?: string | null },
  port: number,
): Promise<{ exitCode: number; checks: Check[]; output: string }> {
  const outputDir = await mkdtemp(join(tmpdir(), 'handshake-conformance-'));
  const args = [
    '--import',
    node20Seam,
    runner,
    'authorization',
    '--url',
    plugin.publicUrl,
    '--client-id',
    client.id,
    '--resource',
    `${plugin.publicUrl}/mcp`,
    '-p',
    String(port),
    '-o',
    outputDir,
  ];
  if (client.secret) args.push('--client-secret', client.secret);
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  let signedIn: Promise<void> | null = null;
  const onOutput = (chunk: Buffer) => {
    output += chunk;
    const url = /(http:\/\/127\.0\.0\.1:\d+\/oauth\/authorize\?\S+)/.exec(output)?.[1];
    if (url && !signedIn) signedIn = signInAndReturn(plugin, url);
  };
  child.stdout.on('data', onOutput);
  child.stderr.on('data', onOutput);
  const exitCode = await new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? -1)));
  await signedIn;
  const checks: Check[] = [];
  for (const scenario of await readdir(outputDir))
    checks.push(...JSON.parse(await readFile(join(outputDir, scenario, 'checks.json'), 'utf8')));
  await rm(outputDir, { recursive: true, force: true });
  return { exitCode, checks, output };
}

/** The browser: opens the authorization URL, signs in as the known user, follows the redirect to the runner's callback. */
async function signInAndReturn(plugin: PluginFixture, url: string): Promise<void> {
  const page = await httpRequest(url);
  const form = readLoginForm(page);
  const posted = await httpRequest(`${plugin.publicUrl}/oauth/authorize`, {
    method: 'POST',
    body: new URLSearchParams({ ...form.fields, email: knownUser.email, password: knownUser.password, decision: 'allow' }).toString(),
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: form.cookie },
  });
  await httpRequest(String(posted.headers.location));
}

describe('the official MCP conformance runner (authorization)', () => {
  let plugin: PluginFixture;
  beforeAll(async () => {
    plugin = await startPluginFixture();
  });
  afterAll(() => plugin?.close());

  // Only a public client: the runner (0.2.0-alpha.12, selectTokenAuthMethod) picks "none" whenever the server
  // advertises it, even when given a secret, so a confidential client would be sent without its secret.
  it.each([['a public client (PKCE only)', 'none']] as const)(
    'passes every check with %s',
    async (_name, method) => {
      const port = await closedPort();
      const client = await plugin.api.call<{ id: string; secret: string | null }>('POST', '/api/clients', {
        name: `Conformance ${method}`,
        redirectUris: [`http://127.0.0.1:${port}/callback`],
        tokenEndpointAuthMethod: method,
      });
      const run = await runConformance(plugin, client, port);
      const failed = run.checks.filter((check) => check.status !== 'SUCCESS');
      expect(failed, run.output).toEqual([]);
      expect(run.checks.map((check) => check.id).sort()).toEqual([
        'authorization-code-grant',
        'authorization-server-metadata',
        'authorization-server-metadata-cimd',
      ]);
      expect(run.exitCode, run.output).toBe(0);
    },
    60_000,
  );
});

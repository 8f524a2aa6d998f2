import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Express } from 'express';
import { generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type VerifierValues, verifierSnippets } from '../../../renderer/views/setup/verifier-snippets';
import { useMcpFixture } from '../mcp-authorization/mcp-fixture';
import { httpRequest } from '../support/http-request';

/**
 * The Setup card's copy-paste verifiers, exactly as generated, run against tokens from a real Handshake: the jose one
 * and the MCP SDK's requireBearerAuth one (the Python ones need packages this machine does not have).
 */
describe('copy-paste verifiers from Setup', () => {
  const mcp = useMcpFixture();
  let dir: string;
  let values: VerifierValues;
  let accessToken: string;

  beforeAll(async () => {
    // Inside the repository, so the snippets' imports resolve from its node_modules.
    await mkdir(join(process.cwd(), 'test-results'), { recursive: true });
    dir = await mkdtemp(join(process.cwd(), 'test-results', 'snippets-'));
    const issuer = mcp.plugin.publicUrl;
    values = {
      issuer,
      jwksUri: `${issuer}/oauth/jwks.json`,
      localJwksUri: `${issuer}/oauth/jwks.json`,
      audience: mcp.mcpUrl,
      localIntrospectionUri: `${issuer}/oauth/introspect`,
      algorithm: 'RS256',
      typ: 'at+jwt',
    };
    const client = await mcp.chatGpt();
    await client.register();
    accessToken = (await client.exchange(await client.authorize(mcp.user))).json.access_token;
  });

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function load<T>(name: string, code: string): Promise<T> {
    const file = join(dir, `${name}.ts`);
    await writeFile(file, code);
    return (await import(pathToFileURL(file).href)) as T;
  }

  const snippet = (id: string) => verifierSnippets(values).find((one) => one.id === id)!.code;

  async function foreignToken(): Promise<string> {
    const { privateKey } = await generateKeyPair('RS256');
    return new SignJWT({ aud: mcp.mcpUrl })
      .setProtectedHeader({ alg: 'RS256', kid: 'elsewhere', typ: 'at+jwt' })
      .setIssuer(mcp.plugin.publicUrl)
      .setExpirationTime('5m')
      .sign(privateKey);
  }

  it('jose: accepts Handshake’s access token and refuses one signed elsewhere', async () => {
    const { verifyAccessToken } = await load<{ verifyAccessToken(token: string): Promise<Record<string, unknown>> }>(
      'jose',
      snippet('jose'),
    );
    expect(await verifyAccessToken(accessToken)).toMatchObject({ iss: mcp.plugin.publicUrl, aud: mcp.mcpUrl });
    await expect(verifyAccessToken(await foreignToken())).rejects.toThrow();
  });

  it('MCP TS SDK: requireBearerAuth with the generated verifier lets the token through and answers 401 otherwise', async () => {
    const code = `import express from 'express';\nexport const app = express();\n${snippet('mcp-sdk')}\napp.post('/mcp', (req, res) => res.json({ auth: req.auth }));\n`;
    const { app } = await load<{ app: Express }>('mcp-sdk', code);
    const server: Server = await new Promise((resolve) => {
      const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
    });
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`;
      const ok = await httpRequest(url, { method: 'POST', body: {}, headers: { Authorization: `Bearer ${accessToken}` } });
      expect(ok.status).toBe(200);
      expect(ok.json.auth).toMatchObject({ resource: mcp.mcpUrl, scopes: expect.any(Array) });
      const refused = await httpRequest(url, { method: 'POST', body: {}, headers: { Authorization: `Bearer ${await foreignToken()}` } });
      expect(refused.status).toBe(401);
      expect(String(refused.headers['www-authenticate'])).toContain(
        `resource_metadata="${mcp.plugin.publicUrl}/.well-known/oauth-protected-resource/mcp"`,
      );
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

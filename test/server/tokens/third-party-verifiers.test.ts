import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { requireBearerAuth } from '@modelcontextprotocol/sdk/server/auth/middleware/bearerAuth.js';
import express from 'express';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectWithSignIn } from '../mcp/mcp-connect';
import { httpRequest } from '../support/http-request';
import { usePluginFixture } from '../support/plugin-fixture';
import { signIn } from '../support/sdk-oauth-provider';
import { JoseVerifiedMcpServer } from './support/jose-verified-mcp-server';
import { sdkExampleIntrospectionVerifier } from './support/sdk-example-introspection-verifier';

/**
 * Issue 19: the tokens Handshake issues are verified by the code production MCP servers run, unmodified: jose,
 * PyJWT (Debian's python3-jwt), the official SDK's introspection example with requireBearerAuth, openid-client, and
 * an SDK MCP server behind /mcp that verifies with jose.
 */
describe('tokens verified by third-party verifiers', () => {
  const running = usePluginFixture();
  let issuer: string;
  let jwksUri: string;
  let mcpUrl: string;

  beforeAll(async () => {
    const metadata = (await httpRequest(`${running.publicUrl}/.well-known/oauth-authorization-server`)).json;
    issuer = metadata.issuer;
    jwksUri = metadata.jwks_uri;
    mcpUrl = `${issuer}/mcp`;
  });

  /** An access token for /mcp, as an MCP client gets one (authorized and exchanged with resource = the MCP URL). */
  async function mcpTokens(scope = 'openid email profile') {
    const { code } = await running.gpt.obtainCode(running.user, { resource: mcpUrl, scope });
    return (await running.gpt.exchangeCode(code, { resource: mcpUrl })).json as { access_token: string; id_token?: string };
  }

  it('jose jwtVerify with createRemoteJWKSet(jwks_uri), issuer and audience = the MCP URL accepts the access token', async () => {
    const { access_token } = await mcpTokens();
    const { payload, protectedHeader } = await jwtVerify(access_token, createRemoteJWKSet(new URL(jwksUri)), {
      issuer,
      audience: mcpUrl,
      typ: 'at+jwt',
    });
    expect(protectedHeader).toMatchObject({ alg: 'RS256', typ: 'at+jwt', kid: expect.any(String) });
    expect(payload).toMatchObject({
      iss: issuer,
      aud: mcpUrl,
      sub: running.user.id,
      client_id: running.client.id,
      scope: 'openid email profile',
      email: running.user.email,
      email_verified: true,
      name: running.user.name,
      jti: expect.any(String),
    });
    expect(payload.exp! - payload.iat!).toBe(3600);
  });

  it('jose refuses it for another audience and another issuer (what a correct server does)', async () => {
    const { access_token } = await mcpTokens();
    const keys = createRemoteJWKSet(new URL(jwksUri));
    await expect(jwtVerify(access_token, keys, { issuer, audience: `${issuer}/other` })).rejects.toMatchObject({
      code: 'ERR_JWT_CLAIM_VALIDATION_FAILED',
    });
    await expect(jwtVerify(access_token, keys, { issuer: `${issuer}/`, audience: mcpUrl })).rejects.toMatchObject({
      code: 'ERR_JWT_CLAIM_VALIDATION_FAILED',
    });
  });

  it("PyJWT's PyJWKClient (Debian python3-jwt) verifies signature, iss, aud and exp", async (context) => {
    const python = '/usr/bin/python3';
    const probe = spawnSync(python, ['-c', 'import jwt, cryptography'], { encoding: 'utf8' });
    if (probe.status !== 0) {
      console.log(`skipped: Debian's python3-jwt is not installed (apt-get install python3-jwt python3-cryptography): ${probe.stderr}`);
      context.skip();
    }
    const { access_token } = await mcpTokens();
    const script = join(import.meta.dirname, '..', '..', 'fixtures', 'python', 'verify_jwt.py');
    const verify = (audience: string) =>
      new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
        // Asynchronous: the JWKS is served by this very process.
        const child = spawn(python, [script, jwksUri, issuer, audience, access_token]);
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
        child.on('close', (status: number | null) => resolve({ status, stdout, stderr }));
      });
    const accepted = await verify(mcpUrl);
    expect(accepted.stderr).toBe('');
    expect(JSON.parse(accepted.stdout)).toMatchObject({ iss: issuer, aud: mcpUrl, sub: running.user.id });
    const refused = await verify(`${issuer}/other`);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/InvalidAudienceError/);
  });

  it("the official SDK example's introspection verifier, with requireBearerAuth and expectedResource, accepts it beside Handshake", async () => {
    const metadata = (await httpRequest(`${running.publicUrl}/.well-known/oauth-authorization-server`)).json;
    const app = express();
    app.get(
      '/mcp',
      requireBearerAuth({
        verifier: sdkExampleIntrospectionVerifier(metadata.introspection_endpoint, new URL(mcpUrl)),
        expectedResource: new URL(mcpUrl),
      }),
      (req, res) => void res.json({ clientId: req.auth?.clientId, scopes: req.auth?.scopes }),
    );
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/mcp`;
      const { access_token } = await mcpTokens();
      const accepted = await httpRequest(url, { headers: { authorization: `Bearer ${access_token}` } });
      expect(accepted.status).toBe(200);
      expect(accepted.json).toEqual({ clientId: running.client.id, scopes: ['openid', 'email', 'profile'] });

      const grants = await running.api.call<{ id: string; userId: string }[]>('GET', '/api/grants');
      for (const grant of grants) await running.api.call('DELETE', `/api/grants/${grant.id}`);
      const revoked = await httpRequest(url, { headers: { authorization: `Bearer ${access_token}` } });
      expect(revoked.status).toBe(401);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('openid-client validates the id_token (with nonce) and reads UserInfo', async () => {
    const redirectUri = 'http://127.0.0.1:47299/callback';
    const created = await running.api.call<{ id: string; secret: string }>('POST', '/api/clients', {
      name: 'OIDC relying party',
      redirectUris: [redirectUri],
      tokenEndpointAuthMethod: 'client_secret_basic',
    });
    const config = await oidc.discovery(new URL(issuer), created.id, undefined, oidc.ClientSecretBasic(created.secret), {
      execute: [oidc.allowInsecureRequests],
    });
    const verifier = oidc.randomPKCECodeVerifier();
    const nonce = oidc.randomNonce();
    const state = oidc.randomState();
    const authorizationUrl = oidc.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: 'openid email profile',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      nonce,
      state,
    });
    const callback = await signIn(authorizationUrl, running.user);
    const tokens = await oidc.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: verifier,
      expectedNonce: nonce,
      expectedState: state,
    });
    const claims = tokens.claims()!;
    expect(claims).toMatchObject({
      iss: issuer,
      aud: created.id,
      azp: created.id,
      sub: running.user.id,
      nonce,
      email: running.user.email,
      email_verified: true,
      name: running.user.name,
    });
    expect(Math.abs(claims.auth_time! - Date.now() / 1000)).toBeLessThan(60);
    const userInfo = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
    expect(userInfo).toEqual({ sub: running.user.id, email: running.user.email, email_verified: true, name: running.user.name });
  });

  describe('an MCP server built with the SDK and a jose verifier, behind /mcp', () => {
    let upstream: JoseVerifiedMcpServer;
    beforeAll(async () => {
      upstream = await new JoseVerifiedMcpServer({ issuer, audience: mcpUrl, jwksUri }).start();
      await running.api.call('PATCH', '/api/settings', { mcpUpstream: upstream.url });
    });
    afterAll(async () => {
      await running.api.call('PATCH', '/api/settings', { mcpUpstream: '' });
      await upstream.close();
    });

    it('serves tool calls with the token it verified itself', async () => {
      const { client } = await connectWithSignIn(mcpUrl, running.user);
      const answer = await client.callTool({ name: 'verified_claims', arguments: {} });
      expect(answer.structuredContent).toMatchObject({ iss: issuer, aud: mcpUrl, sub: running.user.id });
      expect(upstream.refused).toEqual([]);
      await client.close();
    });

    it('never sees a token Handshake itself refuses: a revoked grant stops at /mcp', async () => {
      const { access_token } = await mcpTokens();
      const grants = await running.api.call<{ id: string }[]>('GET', '/api/grants');
      for (const grant of grants) await running.api.call('DELETE', `/api/grants/${grant.id}`);
      const refused = await httpRequest(mcpUrl, {
        method: 'POST',
        headers: { authorization: `Bearer ${access_token}`, accept: 'application/json, text/event-stream' },
        body: { jsonrpc: '2.0', id: 1, method: 'tools/list' },
      });
      expect(refused.status).toBe(401);
      expect(refused.headers['www-authenticate']).toMatch(/error="invalid_token"/);
      expect(decodeProtectedHeader(access_token).kid).toBeDefined();
    });
  });
});

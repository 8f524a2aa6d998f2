import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { requireBearerAuth } from '@modelcontextprotocol/sdk/server/auth/middleware/bearerAuth.js';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import express from 'express';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { answerStatelessMcp } from '../../support/stateless-mcp-request';

/**
 * A developer's MCP server as production guides build one: the official SDK's requireBearerAuth with a verifier
 * on jose (createRemoteJWKSet + jwtVerify: signature, iss, aud, exp), stateless Streamable HTTP at /mcp. Its one
 * tool answers with the claims it verified, so a test sees exactly what the server accepted.
 */
export class JoseVerifiedMcpServer {
  /** Every token the verifier refused, and why (jose's error code). */
  readonly refused: string[] = [];
  private server!: Server;
  url = '';

  constructor(private readonly expected: { issuer: string; audience: string; jwksUri: string }) {}

  async start(): Promise<this> {
    const jwks = createRemoteJWKSet(new URL(this.expected.jwksUri));
    const verifier = {
      verifyAccessToken: async (token: string): Promise<AuthInfo> => {
        try {
          const { payload } = await jwtVerify(token, jwks, { issuer: this.expected.issuer, audience: this.expected.audience });
          return {
            token,
            clientId: String(payload.client_id),
            scopes: typeof payload.scope === 'string' ? payload.scope.split(' ') : [],
            expiresAt: payload.exp,
            resource: new URL(this.expected.audience),
            extra: { claims: payload },
          };
        } catch (error) {
          this.refused.push((error as { code?: string }).code ?? (error as Error).message);
          throw error;
        }
      },
    };
    const app = express();
    app.use(express.json());
    app.post('/mcp', requireBearerAuth({ verifier, expectedResource: new URL(this.expected.audience) }), (req, res) => {
      const claims = (req.auth!.extra as { claims: Record<string, unknown> }).claims;
      return answerStatelessMcp(req, res, 'jose-verified', (server) =>
        server.registerTool('verified_claims', { description: 'The claims the server verified' }, async () => ({
          content: [{ type: 'text', text: JSON.stringify(claims) }],
          structuredContent: claims,
        })),
      );
    });
    this.server = createServer(app);
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/mcp`;
    return this;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

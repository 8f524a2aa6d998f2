import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InvalidTokenError } from '@modelcontextprotocol/sdk/server/auth/errors.js';
import { requireBearerAuth } from '@modelcontextprotocol/sdk/server/auth/middleware/bearerAuth.js';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import express, { type RequestHandler } from 'express';
import { compactVerify, createRemoteJWKSet, decodeJwt, decodeProtectedHeader, type JWTPayload, jwtVerify } from 'jose';
import { answerStatelessMcp } from '../support/stateless-mcp-request';

/** Where the probed server gets its trust from: Handshake's issuer, its JWKS and the audience Handshake mints. */
export interface Trust {
  issuer: string;
  audience: string;
  jwksUrl: string;
}

export type Verify = (token: string, trust: Trust) => Promise<AuthInfo>;

const authInfo = (token: string, payload: JWTPayload, expiresAt = payload.exp): AuthInfo => ({
  token,
  clientId: String(payload.client_id ?? payload.azp ?? ''),
  scopes: typeof payload.scope === 'string' ? payload.scope.split(' ').filter(Boolean) : [],
  expiresAt,
  resource: typeof payload.aud === 'string' ? new URL(payload.aud) : undefined,
});

/** The verifier every guide writes: jose's remote JWKS and jwtVerify with issuer and audience; refusals are 401s. */
export const joseVerifier =
  (options: { audience?: boolean } = {}): Verify =>
  async (token, trust) => {
    try {
      const { payload } = await jwtVerify(token, createRemoteJWKSet(new URL(trust.jwksUrl)), {
        issuer: trust.issuer,
        ...(options.audience === false ? {} : { audience: trust.audience }),
        algorithms: ['RS256', 'ES256'],
      });
      return authInfo(token, payload);
    } catch (error) {
      throw new InvalidTokenError((error as Error).message);
    }
  };

/** Checks the signature, iss and aud, but never exp: it tells the SDK every token has an hour left. */
export const verifierSkippingExp: Verify = async (token, trust) => {
  try {
    const { payload: bytes } = await compactVerify(token, createRemoteJWKSet(new URL(trust.jwksUrl)));
    const payload = JSON.parse(new TextDecoder().decode(bytes)) as JWTPayload;
    if (payload.iss !== trust.issuer || payload.aud !== trust.audience) throw new Error('wrong iss or aud');
    return authInfo(token, payload, Math.floor(Date.now() / 1000) + 3600);
  } catch (error) {
    throw new InvalidTokenError((error as Error).message);
  }
};

/** Believes an unsigned token's claims (the classic alg-none bug); verifies every other token properly. */
export const verifierAcceptingNone: Verify = async (token, trust) => {
  if (decodeProtectedHeader(token).alg === 'none') return authInfo(token, decodeJwt(token));
  return joseVerifier()(token, trust);
};

export interface ProbedServerOptions {
  verify?: Verify;
  /** Scopes requireBearerAuth demands (and names in its challenges). */
  requiredScopes?: string[];
  /** false: no resource_metadata in the challenge. */
  resourceMetadata?: boolean;
  /** Crashes (500) on a request without Authorization instead of challenging it. */
  crashWithoutToken?: boolean;
}

/**
 * A developer's MCP server built with the official SDK: stateless Streamable HTTP at /mcp behind `requireBearerAuth`
 * with the verifier given (default: jose, checking iss, aud and exp).
 */
export class ProbedMcpServer {
  private server!: Server;
  url = '';
  /** Authorization headers it saw, in order. */
  readonly authorizations: (string | undefined)[] = [];

  constructor(
    private readonly trust: Trust,
    private readonly options: ProbedServerOptions = {},
  ) {}

  async start(): Promise<this> {
    const app = express();
    app.use(express.json());
    const verify = this.options.verify ?? joseVerifier();
    app.use((req, _res, next) => {
      this.authorizations.push(req.headers.authorization);
      if (this.options.crashWithoutToken && !req.headers.authorization) throw new Error('no token');
      next();
    });
    const auth: RequestHandler = requireBearerAuth({
      verifier: { verifyAccessToken: (token) => verify(token, this.trust) },
      requiredScopes: this.options.requiredScopes ?? [],
      ...(this.options.resourceMetadata === false
        ? {}
        : { resourceMetadataUrl: `${this.trust.issuer}/.well-known/oauth-protected-resource/mcp` }),
    });
    app.post('/mcp', auth, (req, res) =>
      answerStatelessMcp(req, res, 'probed', (server) =>
        server.registerTool('ping', { description: 'answers pong' }, async () => ({ content: [{ type: 'text', text: 'pong' }] })),
      ),
    );
    this.server = createServer(app);
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/mcp`;
    return this;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

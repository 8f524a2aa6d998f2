import { describe, expect, it } from 'vitest';
import { claimVerdicts, type JwtExpectations } from '../../../server/traffic/jwt/claim-verdicts';
import { decodeUnverified, looksLikeJwt } from '../../../server/traffic/jwt/jwt-decoding';

const now = Date.parse('2026-12-07T12:00:00Z');
const seconds = now / 1000;
const issuer = 'https://demo.ngrok.app';
const expected = (overrides: Partial<JwtExpectations> = {}): JwtExpectations => ({
  role: 'access_token',
  issuer: { value: issuer, meaning: 'this Handshake’s issuer' },
  audience: { values: [`${issuer}/mcp`], meaning: 'this MCP server' },
  now,
  ...overrides,
});
const levels = (
  claims: Record<string, unknown>,
  header: Record<string, unknown> = { alg: 'RS256' },
  overrides?: Partial<JwtExpectations>,
) => Object.fromEntries(claimVerdicts(header, claims, expected(overrides)).map((verdict) => [verdict.name, verdict.level]));

describe('JWT claim verdicts', () => {
  const good = { iss: issuer, aud: `${issuer}/mcp`, exp: seconds + 600, iat: seconds };

  it('passes a token for this issuer and resource that has not expired', () => {
    expect(levels(good)).toEqual({ exp: 'ok', iss: 'ok', aud: 'ok' });
  });

  it('refuses what verifiers refuse: expired, not yet valid, other audience, trailing slashes, alg none', () => {
    expect(levels({ ...good, exp: seconds - 1 }).exp).toBe('error');
    expect(levels({ ...good, nbf: seconds + 3600 }).nbf).toBe('error');
    expect(levels({ ...good, aud: [`${issuer}/other`] }).aud).toBe('error');
    expect(levels({ ...good, aud: undefined }).aud).toBe('error');
    expect(levels(good, { alg: 'none' }).alg).toBe('error');
    const slashed = claimVerdicts({ alg: 'RS256' }, { ...good, iss: `${issuer}/`, aud: `${issuer}/mcp/` }, expected());
    for (const verdict of slashed.filter((one) => one.name !== 'exp')) expect(verdict.message).toContain('trailing slash');
  });

  it('warns about a missing exp, which the MCP SDK refuses, and takes an expired id_token_hint as OpenID Connect allows', () => {
    expect(levels({ ...good, exp: undefined }).exp).toBe('warn');
    expect(levels({ ...good, exp: seconds - 60 }, undefined, { role: 'id_token_hint' }).exp).toBe('info');
  });

  it('accepts any of several audiences, and an array aud naming one of them', () => {
    const audience = { values: [`${issuer}/mcp`, issuer], meaning: 'a resource Handshake protects' };
    expect(levels({ ...good, aud: ['https://x.example', issuer] }, undefined, { audience }).aud).toBe('ok');
  });

  it('recognises compact JWTs cheaply and decodes them without verifying', () => {
    const token = `${Buffer.from('{"alg":"RS256","kid":"k1"}').toString('base64url')}.${Buffer.from('{"sub":"u1"}').toString('base64url')}.c2ln`;
    expect(looksLikeJwt(token)).toBe(true);
    expect(looksLikeJwt('hsa_0123456789abcdef0123')).toBe(false);
    expect(looksLikeJwt('eyJhbGciOi.not a jwt')).toBe(false);
    expect(decodeUnverified(token)).toEqual({ header: { alg: 'RS256', kid: 'k1' }, claims: { sub: 'u1' } });
  });
});

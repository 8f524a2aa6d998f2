import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { PublishedKeyCheck } from '../../../server/traffic/jwt/published-key-check';

async function keyAndToken(alg: 'RS256' | 'ES256', kid: string) {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  const token = await new SignJWT({ sub: 'u1' }).setProtectedHeader({ alg, kid }).sign(privateKey);
  return { jwk, token };
}

describe('the quick check against the published keys', () => {
  it('says which published key verifies an RS256 or ES256 token, and nothing for anything else', async () => {
    const rsa = await keyAndToken('RS256', 'rsa-1');
    const ec = await keyAndToken('ES256', 'ec-1');
    const check = new PublishedKeyCheck({ keys: [rsa.jwk, ec.jwk] });
    expect(check.verifies(rsa.token, { alg: 'RS256', kid: 'rsa-1' })).toBe('rsa-1');
    expect(check.verifies(ec.token, { alg: 'ES256', kid: 'ec-1' })).toBe('ec-1');
    const [header, , signature] = rsa.token.split('.');
    const tampered = `${header}.${Buffer.from('{"sub":"u2"}').toString('base64url')}.${signature}`;
    expect(check.verifies(tampered, { alg: 'RS256', kid: 'rsa-1' })).toBeNull();
    // The key's algorithm decides, never the header's: no HS256 with a public key, no kid pointing at another key.
    expect(check.verifies(rsa.token, { alg: 'HS256', kid: 'rsa-1' })).toBeNull();
    expect(check.verifies(rsa.token, { alg: 'ES256', kid: 'ec-1' })).toBeNull();
    expect(check.verifies(rsa.token, { alg: 'RS256', kid: 'gone' })).toBeNull();
  });
});

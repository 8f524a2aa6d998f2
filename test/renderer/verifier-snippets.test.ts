import { verifierSnippets } from '../../renderer/views/setup/verifier-snippets';

const values = {
  issuer: 'https://calm-otter-42.ngrok-free.app',
  jwksUri: 'https://calm-otter-42.ngrok-free.app/oauth/jwks.json',
  localJwksUri: 'http://127.0.0.1:3030/oauth/jwks.json',
  audience: 'https://calm-otter-42.ngrok-free.app/mcp',
  localIntrospectionUri: 'http://127.0.0.1:3030/oauth/introspect',
  algorithm: 'ES256',
  typ: 'JWT' as const,
};

describe('verifier snippets', () => {
  it('fill in the tunnel issuer and audience, offer the loopback JWKS, and follow the algorithm and typ', () => {
    const byId = Object.fromEntries(verifierSnippets(values).map((snippet) => [snippet.id, snippet.code]));
    expect(byId.jose).toContain("issuer: 'https://calm-otter-42.ngrok-free.app',");
    expect(byId.jose).toContain('local URL works too: http://127.0.0.1:3030/oauth/jwks.json');
    expect(byId.jose).toContain("algorithms: ['ES256'],\n    typ: 'JWT',");
    expect(byId['mcp-sdk']).toContain(
      "resourceMetadataUrl: 'https://calm-otter-42.ngrok-free.app/.well-known/oauth-protected-resource/mcp'",
    );
    expect(byId.fastmcp).toContain('algorithm="ES256"');
    expect(byId.fastmcp).toContain('# from this machine: http://127.0.0.1:3030/oauth/jwks.json');
    expect(byId['mcp-auth']).toContain("const resource = 'https://calm-otter-42.ngrok-free.app/mcp';");
    expect(byId['python-introspection']).toContain('INTROSPECTION = "http://127.0.0.1:3030/oauth/introspect"');
  });

  it('say nothing of a local URL when the issuer is local already', () => {
    const local = { ...values, jwksUri: values.localJwksUri };
    for (const snippet of verifierSnippets(local)) expect(snippet.code).not.toContain('from this machine: http');
  });
});

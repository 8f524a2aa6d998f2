import type { VerifierConfig } from './token-shape';

const quoted = (value: string) => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** The jose verification a resource server needs for a shape: copy-paste code shown beside Settings' choice. */
export function joseVerifierSnippet(config: VerifierConfig): string {
  const options = [
    `  issuer: ${quoted(config.issuer)},`,
    ...(config.audience ? [`  audience: ${quoted(config.audience)},`] : []),
    `  algorithms: [${config.algorithms.map(quoted).join(', ')}],`,
    ...(config.typ ? [`  typ: ${quoted(config.typ)},`] : []),
  ];
  const checks = Object.entries(config.requiredClaims).map(
    ([claim, value]) => `if (payload.${claim} !== ${quoted(value)}) throw new Error('${claim} is not ${value.replace(/'/g, '')}');`,
  );
  const scopes =
    config.scopeFormat === 'array'
      ? `const scopes = payload.${config.scopeClaim.split(' ')[0]} ?? [];`
      : `const scopes = String(payload.${config.scopeClaim.split(' ')[0]} ?? '').split(' ');`;
  return [
    "import { createRemoteJWKSet, jwtVerify } from 'jose';",
    '',
    `const keys = createRemoteJWKSet(new URL(${quoted(config.jwksUri)}));`,
    'const { payload } = await jwtVerify(token, keys, {',
    ...options,
    '});',
    ...(config.audience ? [] : ['// These tokens carry no aud: check who they were issued to instead.']),
    ...checks,
    scopes,
  ].join('\n');
}

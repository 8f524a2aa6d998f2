import { z } from 'zod';
import { isJwkSet } from './assertion-keys';
import { redirectUriProblem } from './redirect-uri-match';

export const tokenEndpointAuthMethods = ['none', 'client_secret_basic', 'client_secret_post'] as const;
/** What dynamic registration accepts: the above, and private_key_jwt with the client's keys (RFC 7523). */
export const registrationAuthMethods = [...tokenEndpointAuthMethods, 'private_key_jwt'] as const;

const redirectUri = z.string().superRefine((uri, context) => {
  const problem = redirectUriProblem(uri);
  if (problem) context.addIssue({ code: 'custom', message: `redirect URI ${uri}: ${problem}` });
});

/**
 * RFC 7591 §2 client metadata, as far as Handshake uses it; shared by dynamic registration, Client ID Metadata
 * Documents and clients the developer adds. Unknown members are kept (and echoed), as RFC 7591 asks.
 */
export const clientMetadataSchema = z
  .object({
    redirect_uris: z.array(redirectUri).min(1, 'at least one redirect URI is required').max(20),
    client_name: z.string().trim().max(200).optional(),
    token_endpoint_auth_method: z.string().optional(),
    grant_types: z.array(z.string()).max(10).optional(),
    response_types: z.array(z.string()).max(10).optional(),
    scope: z.string().max(1000).optional(),
    application_type: z.string().max(20).optional(),
    client_uri: z.string().max(2000).optional(),
    logo_uri: z.string().max(2000).optional(),
  })
  .passthrough();
export type ClientMetadata = z.infer<typeof clientMetadataSchema>;

/** Which RFC 7591 error a metadata problem is: a redirect URI's own, or the metadata's. */
export function metadataError(error: z.ZodError): { error: 'invalid_redirect_uri' | 'invalid_client_metadata'; description: string } {
  const issue = error.issues[0];
  const field = issue?.path.join('.') || 'metadata';
  const description = `${field}: ${issue?.message ?? 'invalid'}`;
  return { error: issue?.path[0] === 'redirect_uris' ? 'invalid_redirect_uri' : 'invalid_client_metadata', description };
}

/** RFC 7591 §2: a private_key_jwt client names its keys, by value (jwks) or by https reference (jwks_uri), not both. */
export function registrationKeysProblem(metadata: ClientMetadata, method: string): string | null {
  const { jwks, jwks_uri: jwksUri } = metadata as { jwks?: unknown; jwks_uri?: unknown };
  if (jwks !== undefined && jwksUri !== undefined) return 'jwks and jwks_uri: send one of them, not both (RFC 7591 §2)';
  if (jwks !== undefined && !isJwkSet(jwks)) return 'jwks: must be a JWK Set, {"keys": [...]}';
  if (jwksUri !== undefined && (typeof jwksUri !== 'string' || URL.parse(jwksUri)?.protocol !== 'https:'))
    return 'jwks_uri: must be an https URL';
  if (method === 'private_key_jwt' && jwks === undefined && jwksUri === undefined)
    return 'token_endpoint_auth_method "private_key_jwt" needs the client\'s public keys: send jwks or jwks_uri';
  return null;
}

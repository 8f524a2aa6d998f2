import { z } from 'zod';
import { tunnelProviderNames } from '../tunnel/tunnel-provider';

/** ChatGPT's limits on manifest fields (shared/reference/chatgpt-oauth.md §1). */
export const manifestLimits = {
  name_for_human: 20,
  name_for_model: 50,
  description_for_human: 100,
  description_for_model: 8000,
} as const;

const absoluteHttpUrl = z
  .string()
  .trim()
  .refine((value) => /^https?:\/\//i.test(value) && URL.canParse(value), 'must be an absolute http(s) URL');

/** An absolute URL, or '' for "not set". */
const optionalUrl = z.union([z.literal(''), absoluteHttpUrl]);

export const manifestSchema = z.strictObject({
  name_for_human: z.string().trim().min(1).max(manifestLimits.name_for_human),
  name_for_model: z
    .string()
    .trim()
    .min(1)
    .max(manifestLimits.name_for_model)
    .regex(/^[A-Za-z0-9_]+$/, 'letters, digits and underscores only'),
  description_for_human: z.string().trim().min(1).max(manifestLimits.description_for_human),
  description_for_model: z.string().trim().min(1).max(manifestLimits.description_for_model),
  /** '' serves Handshake's own logo from the public listener. */
  logo_url: optionalUrl,
  contact_email: z.email(),
  /** '' serves Handshake's own legal page from the public listener. */
  legal_info_url: optionalUrl,
});
export type ManifestFields = z.infer<typeof manifestSchema>;

export const contentTypes = ['application/json', 'application/x-www-form-urlencoded'] as const;
export type AuthorizationContentType = (typeof contentTypes)[number];

const seconds = (max: number) => z.number().int().min(1).max(max);

export const settingsSchema = z.strictObject({
  manifest: manifestSchema,
  /** The token ChatGPT shows in its install wizard; goes in ai-plugin.json only. */
  verificationToken: z.string().trim().max(200),
  scope: z.string().max(500),
  authorizationContentType: z.enum(contentTypes),
  accessTokenTtl: seconds(60 * 60 * 24 * 365),
  refreshTokenTtl: seconds(60 * 60 * 24 * 365 * 5),
  authorizationCodeTtl: seconds(60 * 60),
  /** Exact redirect URIs accepted besides ChatGPT's own callbacks. */
  redirectUris: z.array(absoluteHttpUrl).max(100),
  /** Accept https://chat.openai.com/aip/<id>/oauth/callback and the chatgpt.com twin. */
  allowChatGptCallbacks: z.boolean(),
  /** The public origin when another tunnel or a reverse proxy fronts Handshake; '' derives it per request. */
  publicUrl: optionalUrl,
  /** The developer's own API; '' serves the built-in demo API. */
  upstream: optionalUrl,
  /** The developer's own MCP server (Streamable HTTP endpoint, e.g. http://127.0.0.1:8000/mcp); '' serves the built-in demo MCP server at /mcp. */
  mcpUpstream: optionalUrl,
  /** Where the upstream serves its OpenAPI spec. */
  upstreamSpecPath: z.string().trim().regex(/^\//, 'must start with /').max(500),
  /** Entries kept in memory by the traffic log. An entry holds a few KB, so the cap keeps a full ring well inside Node's heap. */
  trafficRingSize: z.number().int().min(100).max(200_000),
  /** Desktop only: also open the loopback HTTP control API. */
  scriptingApi: z.boolean(),
  /** Reserved ngrok domain, '' for a random one. */
  ngrokDomain: z.string().trim().max(253),
  /** Which service opens the public URL: ngrok (account, authtoken) or Cloudflare's quick tunnel (no account). */
  tunnelProvider: z.enum(tunnelProviderNames),
  /** Full path of the cloudflared program; '' looks on PATH, then in the project's node_modules (npm's cloudflared package). */
  cloudflaredPath: z.string().trim().max(1000),
  /** Show the consent page also for the developer's own clients (classic and added by hand); others always see it. */
  consentForOwnClients: z.boolean(),
  /**
   * Seconds a refresh token just rotated out is still accepted (and rotated again) instead of revoking the grant as a
   * reuse. 0 is strict; a few seconds emulates Auth0's and Okta's leeway for clients that refresh in parallel.
   */
  refreshTokenReuseInterval: z.number().int().min(0).max(300),
  /** Days after which a client registered by DCR (or seen by its metadata document) and unused since is forgotten; 0 keeps them. */
  registrationExpiryDays: z.number().int().min(0).max(3650),
  /** jwt: RFC 9068 access tokens signed with the published keys, which a resource server verifies itself; opaque: random strings only Handshake can check. */
  accessTokenFormat: z.enum(['jwt', 'opaque']),
  /** The JWT header's typ: at+jwt (RFC 9068), or JWT as Auth0 and Keycloak send. */
  accessTokenTyp: z.enum(['at+jwt', 'JWT']),
  /** Algorithm of new signing keys (the current key keeps its own until rotated). */
  signingAlgorithm: z.enum(['RS256', 'ES256']),
  /** /mcp and the gateway pass the client's Authorization header on to the developer's server (its audience is that server). */
  forwardAuthorization: z.boolean(),
});
export type Settings = z.infer<typeof settingsSchema>;

/** PATCH body: any subset, manifest fields individually. */
export const settingsPatchSchema = settingsSchema.extend({ manifest: manifestSchema.partial() }).partial();
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;

export const defaultSettings: Settings = {
  manifest: {
    name_for_human: 'Handshake Todo',
    name_for_model: 'handshake_todo',
    description_for_human: 'Your personal todo list, signed in with OAuth through Handshake.',
    description_for_model:
      "Manage the signed-in user's todo list: list, add and delete todos. Use it when the user asks about their tasks.",
    logo_url: '',
    contact_email: 'developer@example.com',
    legal_info_url: '',
  },
  verificationToken: '',
  scope: '',
  authorizationContentType: 'application/json',
  accessTokenTtl: 3600,
  refreshTokenTtl: 60 * 60 * 24 * 30,
  authorizationCodeTtl: 60,
  redirectUris: [],
  allowChatGptCallbacks: true,
  publicUrl: '',
  upstream: '',
  mcpUpstream: '',
  upstreamSpecPath: '/openapi.yaml',
  trafficRingSize: 5000,
  scriptingApi: false,
  ngrokDomain: '',
  tunnelProvider: 'ngrok',
  cloudflaredPath: '',
  consentForOwnClients: false,
  refreshTokenReuseInterval: 0,
  registrationExpiryDays: 30,
  accessTokenFormat: 'jwt',
  accessTokenTyp: 'at+jwt',
  signingAlgorithm: 'RS256',
  forwardAuthorization: true,
};

/** Applies a validated patch; the manifest merges field by field. */
export function mergeSettings(current: Settings, patch: SettingsPatch): Settings {
  return settingsSchema.parse({
    ...current,
    ...patch,
    manifest: { ...current.manifest, ...(patch.manifest ?? {}) },
  });
}

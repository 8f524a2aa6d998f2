import { z } from 'zod';
import { type CheckInput, checkInputSchema } from '../checks/check-input';
import type { CheckRun } from '../checks/check-run';
import { mcpHostIds } from '../hosts/host-profile';
import type { HostView } from '../hosts/host-view';
import { tokenEndpointAuthMethods } from '../oauth/clients/client-metadata';
import { redirectUriProblem } from '../oauth/clients/redirect-uri-match';
import type { SigningKeyView } from '../oauth/keys/key-store';
import type { TokenShapeView } from '../oauth/tokens/providers/token-shape-views';
import { type Settings, type SettingsPatch, settingsPatchSchema } from '../settings/settings';
import type { ClientView, CreatedClient, GrantView, RegisteredClientView, UserView } from '../store/records';
import type { Har } from '../traffic/har';
import { type TrafficEntry, type TrafficSummary, trafficKinds } from '../traffic/traffic-entry';
import { tunnelProviderNames } from '../tunnel/tunnel-provider';

export type { CheckInput } from '../checks/check-input';
export type { CheckExchange, CheckProfile, CheckRun, CheckStep, CheckVerdict } from '../checks/check-run';
export type { HostSetup, McpHostId } from '../hosts/host-profile';
export type { HostView } from '../hosts/host-view';

/**
 * The one description of what the UI and scripts can do. The control service implements it once;
 * the HTTP adapter (headless) and the IPC adapter (desktop) are generic over `controlContract`.
 * The renderer imports this file as types only, plus `controlContract` for its HTTP bridge.
 */

// ---------- inputs (validated by both adapters with these schemas) ----------

const id = z.string().trim().min(1).max(200);
const password = z.string().min(8, 'at least 8 characters').max(200);

export const clientInputSchema = z.strictObject({
  id: z
    .string()
    .trim()
    .min(3)
    .max(200)
    .regex(/^[\x21-\x7e]+$/, 'printable ASCII, no spaces'),
  secret: z
    .string()
    .min(16, 'at least 16 characters')
    .max(500)
    .regex(/^[\x21-\x7e]+$/, 'printable ASCII, no spaces'),
});
export type ClientInput = z.infer<typeof clientInputSchema>;

const printable = z.string().regex(/^[\x21-\x7e]+$/, 'printable ASCII, no spaces');

/** A client the developer adds (ChatGPT calls it "predefined"); id and secret are generated unless given. */
export const newClientSchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  redirectUris: z
    .array(
      z.string().superRefine((uri, context) => {
        const problem = redirectUriProblem(uri);
        if (problem) context.addIssue({ code: 'custom', message: `${uri}: ${problem}` });
      }),
    )
    .min(1, 'at least one redirect URI')
    .max(20),
  tokenEndpointAuthMethod: z.enum(tokenEndpointAuthMethods).default('client_secret_basic'),
  id: printable
    .min(3)
    .max(200)
    .refine((id) => !/^https:/i.test(id), 'an https URL is a metadata-document client id; choose another')
    .optional(),
  secret: printable.min(16, 'at least 16 characters').max(500).optional(),
});
export type NewClient = z.input<typeof newClientSchema>;

export const newUserSchema = z.strictObject({
  email: z.email().max(254),
  password,
  name: z.string().trim().max(100).default(''),
  /** Whether UserInfo and id_tokens say email_verified: true (default). */
  emailVerified: z.boolean().default(true),
});
export type NewUser = z.input<typeof newUserSchema>;

export const userPatchSchema = z.strictObject({
  id,
  email: z.email().max(254).optional(),
  password: password.optional(),
  name: z.string().trim().max(100).optional(),
  emailVerified: z.boolean().optional(),
});
export type UserPatch = z.infer<typeof userPatchSchema>;

/** Rotation: a new key signs from now on; `retireNow` drops the old key from the JWKS at once (a bad rotation, on purpose). */
export const rotateKeyInputSchema = z.strictObject({ retireNow: z.boolean().default(false) });
export type RotateKeyInput = z.input<typeof rotateKeyInputSchema>;

export const idInputSchema = z.strictObject({ id });
export type IdInput = z.infer<typeof idInputSchema>;

/** A query flag over HTTP ("true"/"false"), a boolean over IPC. */
const flag = z.union([z.boolean(), z.enum(['true', 'false']).transform((value) => value === 'true')]);

export const trafficEntryInputSchema = z.strictObject({
  id,
  /** Put the configured client secret back where the log masked it (the entry says `revealable`). */
  reveal: flag.optional(),
});
export type TrafficEntryInput = z.input<typeof trafficEntryInputSchema>;

export const trafficQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(1_000_000).optional(),
  kind: z.enum(trafficKinds).optional(),
  /** exact status ("401") or a class ("4xx") */
  status: z
    .string()
    .regex(/^([1-5]\d\d|[1-5]xx)$/, 'a status like 401 or a class like 4xx')
    .optional(),
  q: z.string().max(500).optional(),
  flowId: z.string().max(200).optional(),
  /** Entries of one MCP host's connects (chatgpt, codex, claude, claude-code, cursor, vscode, inspector, goose). */
  mcpHost: z.enum(mcpHostIds).optional(),
});
export type TrafficQuery = z.infer<typeof trafficQuerySchema>;

export const oauthErrorCodes = [
  'invalid_request',
  'invalid_client',
  'invalid_grant',
  'unauthorized_client',
  'unsupported_grant_type',
  'invalid_scope',
  'server_error',
  'temporarily_unavailable',
] as const;

export const faultInputSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('fail'),
    /** refresh: only token requests with grant_type=refresh_token. */
    target: z.enum(['token', 'api', 'refresh']),
    count: z.number().int().min(1).max(1000),
    /** An OAuth error (token target) answered with its RFC 6749 status … */
    error: z.enum(oauthErrorCodes).optional(),
    /** … or a bare HTTP status. */
    status: z.number().int().min(400).max(599).optional(),
  }),
  z.strictObject({
    kind: z.literal('delay'),
    target: z.enum(['token', 'api', 'refresh']),
    count: z.number().int().min(1).max(1000),
    delayMs: z.number().int().min(1).max(60_000),
  }),
  z.strictObject({ kind: z.literal('expire-access-tokens') }),
  /** A new signing key now; the old one stays published until its tokens expire, or leaves the JWKS at once. */
  z.strictObject({ kind: z.literal('rotate-keys'), retireNow: z.boolean().default(false) }),
  /** Tokens minted from now on as if the clock were this many seconds ahead (+) or behind (-); 0 ends it. */
  z.strictObject({ kind: z.literal('clock-skew'), seconds: z.number().int().min(-86_400).max(86_400) }),
  /** The JWKS answers 503 for this many seconds. */
  z.strictObject({ kind: z.literal('jwks-unavailable'), seconds: z.number().int().min(1).max(3600) }),
  /** The JWKS answers after delayMs, for this many seconds. */
  z.strictObject({
    kind: z.literal('jwks-slow'),
    seconds: z.number().int().min(1).max(3600),
    delayMs: z.number().int().min(1).max(60_000),
  }),
]);
export type FaultInput = z.infer<typeof faultInputSchema>;

export const tunnelStartSchema = z.strictObject({
  /** Overrides settings.tunnelProvider for this start. */
  provider: z.enum(tunnelProviderNames).optional(),
  /** Overrides the saved authtoken and NGROK_AUTHTOKEN for this start. */
  authtoken: z.string().trim().min(1).max(500).optional(),
  /** Reserved domain, e.g. my-plugin.ngrok.app; overrides settings.ngrokDomain. */
  domain: z.string().trim().max(253).optional(),
});
export type TunnelStartInput = z.infer<typeof tunnelStartSchema>;

export const authtokenInputSchema = z.strictObject({
  /** '' forgets the saved authtoken. */
  authtoken: z.string().trim().max(500),
});
export type AuthtokenInput = z.infer<typeof authtokenInputSchema>;

// ---------- traffic replay (issue 16) ----------

export const replayInputSchema = z.strictObject({
  id,
  /** Put the configured client secret back where the log masked it. */
  fillSecrets: z.boolean().optional(),
  /** Edit and resend: what to send instead of the recorded request (any part left out is the recorded one). */
  request: z
    .strictObject({
      method: z
        .string()
        .trim()
        .regex(/^[A-Za-z]{1,20}$/, 'an HTTP method such as GET or POST')
        .transform((m) => m.toUpperCase()),
      path: z
        .string()
        .trim()
        .regex(/^\/[^\s]*$/, 'a path starting with /, without spaces')
        .max(8000),
      headers: z.record(z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'header names are letters, digits and -'), z.string().max(8000)),
      body: z.string().max(1_000_000),
    })
    .partial()
    .optional(),
});
export type ReplayInput = z.input<typeof replayInputSchema>;
export interface ReplayResult {
  /** The new entry in the traffic log. */
  id: string;
  status: number;
}

// ---------- outputs ----------

export const listenerPortSchema = z.strictObject({ port: z.number().int().min(0).max(65535) });
export type ListenerPortInput = z.infer<typeof listenerPortSchema>;

export type TunnelState = 'off' | 'connecting' | 'online' | 'reconnecting' | 'error';

export interface TunnelStatus {
  state: TunnelState;
  /** https://<domain> while online */
  url: string | null;
  /** Plain advice when state is 'error' (or the last error while reconnecting). */
  error: { code: string; message: string; advice: string } | null;
  /** Which service runs (or, while off, would run) the tunnel: settings.tunnelProvider unless a start chose another. */
  provider: 'ngrok' | 'cloudflare';
  /** A saved authtoken or NGROK_AUTHTOKEN is available. */
  hasAuthtoken: boolean;
  /** Where the authtoken comes from. */
  authtokenSource: 'saved' | 'environment' | null;
  /** The domain is one of ngrok's free ones: browsers see the warning page first. */
  freePlanDomain: boolean;
}

export interface Status {
  version: string;
  mode: 'desktop' | 'headless';
  startedAt: string;
  dataDir: string;
  /** The public listener on loopback, e.g. http://127.0.0.1:3030 */
  localUrl: string;
  /** 'failed' when the port was taken: the UI offers another (setPublicPort). */
  listener: { state: 'listening' | 'failed'; port: number; error: string | null };
  /** Tunnel URL when online, else the configured publicUrl, else null. */
  publicUrl: string | null;
  /** What ChatGPT's wizard wants: the public host, or the local one while there is none. */
  domain: string;
  manifestUrl: string;
  /** The loopback HTTP control API when open (headless always; desktop when scripting is on). */
  controlUrl: string | null;
  /** Its bearer token, shown in the UI so the user can script against it (null while it is closed). */
  controlToken: string | null;
  tunnel: TunnelStatus;
  /** Secrets at rest: encrypted by the OS keychain, or plain text in the data dir. */
  secretStorage: 'encrypted' | 'plain';
  warnings: string[];
}

export interface FaultView {
  id: string;
  kind: 'fail' | 'delay' | 'clock-skew' | 'jwks-unavailable' | 'jwks-slow';
  target: 'token' | 'api' | 'refresh' | 'jwks';
  /** Requests it still affects; null for the faults that last a time (JWKS) or until cleared (clock skew). */
  remaining: number | null;
  error: string | null;
  status: number | null;
  delayMs: number | null;
  /** clock-skew: seconds added to the minting clock. */
  skewSeconds: number | null;
  /** JWKS faults: when they end. */
  until: string | null;
}

export interface Preview {
  /** The public base URL the preview was built for. */
  baseUrl: string;
  manifest: Record<string, unknown>;
  /** The OpenAPI document as served (YAML). */
  openapi: string;
  /** Problems ChatGPT would reject the manifest for. */
  lint: { field: string; message: string }[];
  /** The OpenID Connect discovery document as served at baseUrl (what ChatGPT's review reads). */
  openIdConfiguration: Record<string, unknown>;
}

export type ControlEvent =
  /** A new entry, or an entry updated with a late diagnosis (same id): merge by id. */
  | { type: 'traffic'; entry: TrafficEntry; summary: TrafficSummary }
  | { type: 'traffic-cleared' }
  | { type: 'status'; status: Status }
  /** A check run changed (a step started, a request was answered, a verdict): the whole run, merge by id. */
  | { type: 'check'; run: CheckRun }
  | { type: 'changed'; resource: 'settings' | 'client' | 'clients' | 'users' | 'grants' | 'faults' | 'keys' };

// ---------- the contract ----------

type HttpRoute = `${'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'} /api/${string}`;

interface MethodSpec<In, Out> {
  http: HttpRoute;
  /** null for methods without input */
  input: z.ZodType<In> | null;
  /** HTTP status on success */
  created?: true;
  /** Over HTTP the answer is a file download with this extension (handshake-<time>.<ext>). */
  download?: string;
  /** phantoms, for typing only */
  inputType?: In;
  outputType?: Out;
}

const method = <In, Out>(http: HttpRoute, input: z.ZodType<In> | null, extra: { created?: true; download?: string } = {}) =>
  ({ http, input, ...extra }) as MethodSpec<In, Out>;

/** Order matters for HTTP routing: literal paths before parameterised ones. */
export const controlContract = {
  getStatus: method<void, Status>('GET /api/status', null),
  getSettings: method<void, Settings>('GET /api/settings', null),
  updateSettings: method<SettingsPatch, Settings>('PATCH /api/settings', settingsPatchSchema),
  getPreview: method<void, Preview>('GET /api/preview', null),
  setPublicPort: method<ListenerPortInput, Status>('PUT /api/listener', listenerPortSchema),
  getClient: method<void, ClientView>('GET /api/client', null),
  setClient: method<ClientInput, ClientView>('PUT /api/client', clientInputSchema),
  rotateClientSecret: method<void, ClientView>('POST /api/client/rotate-secret', null),
  listClients: method<void, RegisteredClientView[]>('GET /api/clients', null),
  createClient: method<NewClient, CreatedClient>('POST /api/clients', newClientSchema as z.ZodType<NewClient>, { created: true }),
  deleteClient: method<IdInput, { deleted: true; revokedGrants: number }>('DELETE /api/clients/:id', idInputSchema),
  listUsers: method<void, UserView[]>('GET /api/users', null),
  createUser: method<NewUser, UserView>('POST /api/users', newUserSchema as z.ZodType<NewUser>, { created: true }),
  updateUser: method<UserPatch, UserView>('PATCH /api/users/:id', userPatchSchema),
  deleteUser: method<IdInput, { deleted: true; revokedGrants: number }>('DELETE /api/users/:id', idInputSchema),
  listGrants: method<void, GrantView[]>('GET /api/grants', null),
  revokeGrant: method<IdInput, { revoked: true }>('DELETE /api/grants/:id', idInputSchema),
  exportHar: method<void, Har>('GET /api/traffic/export.har', null, { download: 'har' }),
  listTraffic: method<TrafficQuery, TrafficSummary[]>('GET /api/traffic', trafficQuerySchema),
  getTrafficEntry: method<TrafficEntryInput, TrafficEntry>('GET /api/traffic/:id', trafficEntryInputSchema as z.ZodType<TrafficEntryInput>),
  clearTraffic: method<void, { cleared: number }>('DELETE /api/traffic', null),
  replayTraffic: method<ReplayInput, ReplayResult>('POST /api/traffic/:id/replay', replayInputSchema as z.ZodType<ReplayInput>),
  getTunnel: method<void, TunnelStatus>('GET /api/tunnel', null),
  startTunnel: method<TunnelStartInput, TunnelStatus>('POST /api/tunnel', tunnelStartSchema),
  stopTunnel: method<void, TunnelStatus>('DELETE /api/tunnel', null),
  setNgrokAuthtoken: method<AuthtokenInput, TunnelStatus>('PUT /api/tunnel/authtoken', authtokenInputSchema),
  listFaults: method<void, FaultView[]>('GET /api/faults', null),
  injectFault: method<FaultInput, FaultView[]>('POST /api/faults', faultInputSchema, { created: true }),
  clearFaults: method<void, FaultView[]>('DELETE /api/faults', null),
  runCheck: method<CheckInput, CheckRun>('POST /api/checks', checkInputSchema as z.ZodType<CheckInput>),
  listHosts: method<void, HostView[]>('GET /api/hosts', null),
  listSigningKeys: method<void, SigningKeyView[]>('GET /api/keys', null),
  listTokenShapes: method<void, TokenShapeView[]>('GET /api/token-shapes', null),
  rotateSigningKey: method<RotateKeyInput, SigningKeyView[]>('POST /api/keys/rotate', rotateKeyInputSchema as z.ZodType<RotateKeyInput>),
} as const;

export type ControlMethodName = keyof typeof controlContract;
export const controlMethodNames = Object.keys(controlContract) as ControlMethodName[];

type InputOf<M> = M extends { inputType?: infer In } ? In : never;
type OutputOf<M> = M extends { outputType?: infer Out } ? Out : never;

export type ControlMethods = {
  [K in ControlMethodName]: (input: InputOf<(typeof controlContract)[K]>) => Promise<OutputOf<(typeof controlContract)[K]>>;
};

export interface ControlApi extends ControlMethods {
  /** Push channel: traffic entries and state changes. Returns the unsubscribe function. */
  subscribe(listener: (event: ControlEvent) => void): () => void;
}

/** What both adapters answer with when a call fails: HTTP status + a message naming the field. */
export interface ControlErrorBody {
  error: { code: 'invalid_input' | 'not_found' | 'conflict' | 'unauthorized' | 'forbidden' | 'failed'; message: string; field?: string };
}

export type { TokenShapeView };

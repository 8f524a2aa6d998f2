import { randomBytes, randomUUID } from 'node:crypto';
import type { HostProfile } from '../hosts/host-profile';
import { basicAuthorization } from './basic-authorization';
import type { CheckResponse } from './check-http';
import type { CheckSession, StepContext, StepSpec } from './check-session';
import { sources } from './check-sources';
import type { CheckSubject } from './check-subject';
import { authorizationServerMetadataUrl, authorizationServerRefusal, chooseTokenAuthMethod } from './mcp-metadata-rules';
import { McpRpc } from './mcp-rpc';
import { pkcePair } from './pkce-pair';
import { expectJson, oauthError } from './response-reading';
import { openSignIn, submitSignIn } from './sign-in';

export interface McpOptions {
  /** The tool to call; default a read-only one that needs no arguments. */
  tool?: string;
  toolArguments?: Record<string, unknown>;
  /** The MCP host to play. */
  host: HostProfile;
  /** For a host that authenticates with private_key_jwt: null plays it as a public client. */
  signer: AssertionSigner | null;
}

/** The steps of an MCP connect; `{host}` is the host played, whose profile may word a step its own way. */
const mcpSteps: StepSpec[] = [
  {
    id: 'challenge',
    title: 'Call /mcp without a token',
    chatgpt: '{host} POSTs initialize without a token and reads the 401’s WWW-Authenticate: resource_metadata (and scope).',
    source: sources.mcpAuthorization,
  },
  {
    id: 'protected-resource',
    title: 'Protected-resource metadata',
    chatgpt: '{host} fetches the RFC 9728 document and sends its `resource` exactly as the resource parameter.',
    source: sources.rfc9728,
  },
  {
    id: 'authorization-server',
    title: 'Authorization server metadata',
    chatgpt: '{host} fetches RFC 8414 metadata of the authorization server the resource names.',
    source: sources.mcpDiscovery,
  },
  {
    id: 'chatgpt-checks',
    title: '{host}’s checks on the metadata',
    chatgpt: '{host} stops unless S256 is advertised and the issuer is the exact string the resource named.',
    source: sources.openAiMcpAuth,
  },
  {
    id: 'register',
    title: 'Register',
    chatgpt: '{host} uses its Client ID Metadata Document when the server supports it, else registers by DCR with its own request body.',
    source: sources.mcpRegistration,
  },
  {
    id: 'authorize',
    title: 'Open the sign-in page',
    chatgpt: 'The browser opens authorization_endpoint with PKCE S256, resource, state and scope.',
    source: sources.mcpAuthorization,
  },
  {
    id: 'sign-in',
    title: 'Sign in',
    chatgpt: 'The user signs in (and allows); the server redirects to {host}’s callback with code, state and iss.',
    source: sources.rfc6749Authorize,
  },
  {
    id: 'iss',
    title: 'Check iss',
    chatgpt: '{host} compares the callback’s iss with the issuer it recorded, byte for byte, before exchanging the code.',
    source: sources.rfc9207,
  },
  {
    id: 'token',
    title: 'Exchange the code',
    chatgpt: '{host} POSTs code, code_verifier, redirect_uri and resource, form-encoded, authenticating as it does.',
    source: sources.mcpAuthorization,
  },
  {
    id: 'initialize',
    title: 'initialize',
    chatgpt: '{host} opens the MCP session with the token: initialize, then notifications/initialized.',
    source: sources.mcpLifecycle,
  },
  { id: 'tools-list', title: 'tools/list', chatgpt: '{host} lists the tools.', source: sources.mcpTools },
  { id: 'tools-call', title: 'Call a tool', chatgpt: '{host} calls a tool when the model picks it.', source: sources.mcpTools },
  {
    id: 'reconnect',
    title: 'Reconnect without scope',
    chatgpt: 'After Disconnect → Connect, {host} authorizes again without scope, signs in and exchanges.',
    source: sources.openAiMcpAuth,
    inferred: true,
  },
  {
    id: 'refresh',
    title: 'Refresh the token',
    chatgpt: '{host} refreshes with the rotating refresh token (and resource, when it sends one), then uses the new access token.',
    source: sources.rfc6749Refresh,
  },
];

/** The steps as `host` plays them, in its own wording where its profile has one; reconnect only for a host that does it. */
export function mcpStepsFor(host: HostProfile): StepSpec[] {
  const named = (text: string) => text.replaceAll('{host}', host.name);
  return mcpSteps
    .filter((step) => step.id !== 'reconnect' || host.connect.reconnectsWithoutScope)
    .map((step) => {
      const own = host.checkWording[step.id];
      return {
        ...step,
        title: named(own?.title ?? step.title),
        chatgpt: named(own?.text ?? step.chatgpt),
        inferred: own?.inferred ?? step.inferred,
      };
    });
}

/** Signs private_key_jwt assertions with a key the core trusts for this run only (see check-runner.ts). */
export interface AssertionSigner {
  sign(clientId: string, audience: string): Promise<string>;
}

interface Authorized {
  code: string;
  verifier: string;
}

interface Client {
  client_id: string;
  client_secret?: string;
  method: string;
  /** The redirect URI this client uses (one it registered, or one its document lists). */
  redirectUri: string;
}

/** The challenge's parameters: `Bearer realm="…", resource_metadata="…", scope="…"`. */
export function challengeParameters(header: string | null): Record<string, string> {
  const parameters: Record<string, string> = {};
  if (!header || !/^bearer\b/i.test(header)) return parameters;
  for (const match of header.matchAll(/([a-z_]+)="((?:[^"\\]|\\.)*)"/gi))
    parameters[match[1].toLowerCase()] = match[2].replace(/\\(.)/g, '$1');
  return parameters;
}

/** An MCP host's connect, step by step, against `session.url` (the MCP server URL), as its profile describes it. */
export async function runMcpProfile(session: CheckSession, subject: CheckSubject, options: McpOptions): Promise<void> {
  const { host } = options;
  const mcpUrl = session.url;
  const origin = new URL(mcpUrl).origin;
  session.http.defaultHeaders = {
    'User-Agent': host.connect.userAgent,
    ...(host.connect.browserOrigin ? { Origin: host.connect.browserOrigin } : {}),
  };

  const challenge = await session.step('challenge', async (step) => {
    const rpc = new McpRpc(mcpUrl);
    const { response } = await rpc.call(step, null, 'initialize', initializeParams());
    if (response.status !== 401)
      step.fail(
        `POST /mcp without a token answered ${response.status}, not 401: ChatGPT would not know it must sign in.`,
        sources.mcpAuthorization,
      );
    const parameters = challengeParameters(response.headers.get('www-authenticate'));
    if (!parameters.resource_metadata) {
      step.warn(
        'The 401 has no WWW-Authenticate resource_metadata; ChatGPT falls back to the well-known protected-resource URLs.',
        sources.rfc6750,
      );
    } else step.detail(`resource_metadata ${parameters.resource_metadata}${parameters.scope ? `, scope "${parameters.scope}"` : ''}.`);
    if (parameters.error)
      step.warn(
        `The challenge to a request without credentials carries error="${parameters.error}"; RFC 6750 §3 says it should not.`,
        sources.rfc6750,
      );
    return parameters;
  });

  const resource = await session.step('protected-resource', async (step) => {
    const path = new URL(mcpUrl).pathname.replace(/\/+$/, '');
    const candidates = challenge!.resource_metadata
      ? [challenge!.resource_metadata]
      : [`${origin}/.well-known/oauth-protected-resource${path}`, `${origin}/.well-known/oauth-protected-resource`];
    let response: CheckResponse | null = null;
    for (const url of candidates) {
      response = await step.send(url);
      if (response.status === 200) break;
    }
    if (response!.status !== 200)
      step.fail(`The protected-resource metadata answered ${response!.status}: ChatGPT says "Error fetching OAuth configuration".`);
    const json = expectJson(step, response!, 'The protected-resource metadata');
    if (typeof json.resource !== 'string') step.fail('The document has no "resource".');
    const resourceUrl = URL.canParse(json.resource) ? new URL(json.resource) : null;
    if (!resourceUrl || resourceUrl.origin !== new URL(mcpUrl).origin || !mcpUrl.startsWith(json.resource)) {
      step.fail(`"resource" is ${json.resource}, which does not cover the MCP URL ${mcpUrl} (same origin, a path prefix).`);
    }
    if (!Array.isArray(json.authorization_servers) || typeof json.authorization_servers[0] !== 'string')
      step.fail('"authorization_servers" is missing or empty: there is no authorization server to go to.');
    step.detail(`resource ${json.resource}; authorization server ${json.authorization_servers[0]}.`);
    return json as { resource: string; authorization_servers: string[]; scopes_supported?: string[] };
  });

  const issuer = resource?.authorization_servers[0] ?? '';
  const server = await session.step('authorization-server', async (step) => {
    const response = await step.send(authorizationServerMetadataUrl(issuer));
    if (response.status !== 200)
      step.fail(
        `${authorizationServerMetadataUrl(issuer)} answered ${response.status}: ChatGPT says "Error fetching OAuth configuration".`,
      );
    const json = expectJson(step, response, 'The authorization server metadata');
    step.detail(
      `issuer ${json.issuer}; S256 ${json.code_challenge_methods_supported?.includes?.('S256') ? 'advertised' : 'not advertised'}.`,
    );
    return json as Record<string, any>;
  });

  const callback = await session.step('chatgpt-checks', async (step) => {
    const refusal = authorizationServerRefusal(server!, issuer);
    if (refusal) step.fail(refusal.reason, refusal.source);
    const perConnection = host.connect.withoutIss;
    if (!perConnection) {
      step.detail(`S256 and the issuer are as ${host.name} needs; it signs in through ${host.connect.redirectUri}.`);
      return { redirectUri: host.connect.redirectUri, cimdClientId: host.connect.cimdClientId };
    }
    if (server!.authorization_response_iss_parameter_supported === true) {
      step.detail(`iss is supported: ${host.name} uses its stable callback ${host.connect.redirectUri}.`);
      return { redirectUri: host.connect.redirectUri, cimdClientId: host.connect.cimdClientId };
    }
    const connectionId = randomBytes(9).toString('base64url');
    const redirectUri = perConnection.redirectUri.replace('{id}', connectionId);
    step.warn(
      `authorization_response_iss_parameter_supported is not true: ${host.name} uses a per-connection callback (${redirectUri} here), which changes whenever the connection is recreated.`,
      sources.openAiMcpAuth,
    );
    return { redirectUri, cimdClientId: perConnection.cimdClientId.replace('{id}', connectionId) };
  });
  const redirectUri = callback?.redirectUri;

  const client = await session.step('register', async (step): Promise<Client> => {
    const methods: unknown = server!.token_endpoint_auth_methods_supported;
    const advertised = Array.isArray(methods) ? methods : ['client_secret_basic'];
    const cimdId = callback!.cimdClientId;
    const prefersDocument = host.registration.indexOf('cimd') >= 0 && host.registration.indexOf('cimd') < host.registration.indexOf('dcr');
    const documentUsable =
      cimdId !== null && server!.client_id_metadata_document_supported === true && (!host.cimdNeedsNone || advertised.includes('none'));
    if (prefersDocument && documentUsable) {
      const keyed = host.connect.cimdTokenAuth === 'private_key_jwt' && advertised.includes('private_key_jwt') && options.signer !== null;
      step.detail(
        `The server supports Client ID Metadata Documents, which ${host.name} prefers: its client_id is ${cimdId}, a document the server fetches (Handshake uses its own copy of a known host’s document when that URL cannot be reached).`,
      );
      step.detail(
        keyed
          ? `Token authentication private_key_jwt (RFC 7523): the check signs with a key of its own that this Handshake trusts for ${cimdId} during this run only (${host.name}’s own key stays with ${host.name}).`
          : `Token authentication none (a public client with PKCE)${host.connect.cimdTokenAuth === 'private_key_jwt' ? `; ${host.name} would sign with private_key_jwt where the server lists it and trusts its keys` : ''}.`,
      );
      return { client_id: cimdId!, method: keyed ? 'private_key_jwt' : 'none', redirectUri: redirectUri! };
    }
    if (prefersDocument && cimdId !== null)
      step.detail(
        `${host.name} prefers its metadata document, but the server ${server!.client_id_metadata_document_supported === true ? 'does not list "none" among its token endpoint auth methods' : 'does not advertise client_id_metadata_document_supported'}: it registers by DCR.`,
      );
    if (typeof server!.registration_endpoint !== 'string') {
      step.fail(
        `There is no registration_endpoint${cimdId === null ? '' : ' and no usable metadata-document support'}: ${host.name} cannot get a client id and asks for one to be typed in.`,
        sources.mcpRegistration,
      );
    }
    const body: Record<string, unknown> = host.connect.dcrAuthFromIntersection
      ? { ...host.connect.dcrBody, redirect_uris: [redirectUri], token_endpoint_auth_method: chooseTokenAuthMethod(advertised) }
      : host.connect.dcrBody;
    const wanted = String(body.token_endpoint_auth_method ?? 'client_secret_basic');
    if (!advertised.includes(wanted))
      step.fail(
        `token_endpoint_auth_methods_supported ${JSON.stringify(advertised)} lacks "${wanted}", which ${host.name} registers with.`,
        sources.mcpHosts,
      );
    const response = await step.send(server!.registration_endpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(body),
    });
    if (response.status !== 201 && response.status !== 200)
      step.fail(`Registration answered ${response.status}: ${oauthError(response)}.`, sources.rfc7591);
    const json = expectJson(step, response, 'Registration');
    if (typeof json.client_id !== 'string') step.fail('Registration answered without a client_id.', sources.rfc7591);
    step.secret(json.client_secret);
    const registered = typeof json.token_endpoint_auth_method === 'string' ? json.token_endpoint_auth_method : wanted;
    if (registered !== 'none' && typeof json.client_secret !== 'string')
      step.fail(`The client was registered as ${registered} but got no client_secret.`, sources.rfc7591);
    const uris: string[] = Array.isArray(json.redirect_uris) ? json.redirect_uris : (body.redirect_uris as string[]);
    const used = uris.includes(redirectUri!) ? redirectUri! : uris[0];
    step.detail(
      `Registered by DCR as ${json.client_id}, token auth ${registered}, redirect URIs ${uris.join(', ')} (${host.name}’s registration body: ${host.source}).`,
    );
    return { client_id: json.client_id, client_secret: json.client_secret, method: registered, redirectUri: used };
  });

  const scope = hostScope(host, challenge?.scope, resource?.scopes_supported, server?.scopes_supported);
  const resourceValue = hostResource(host, resource?.resource ?? '');
  const authorizeAt = String(server?.authorization_endpoint ?? '');
  const authorizeQuery = (withScope: boolean) => {
    const { verifier, challenge: codeChallenge } = pkcePair();
    const state = randomUUID();
    const query = new URLSearchParams({
      response_type: 'code',
      client_id: client!.client_id,
      redirect_uri: client!.redirectUri,
      code_challenge: codeChallenge,
      code_challenge_method: 'S256',
      resource: resourceValue,
      state,
    });
    if (withScope && scope) query.set('scope', scope);
    return { url: `${authorizeAt}?${query}`, verifier, state };
  };

  let first = { url: '', verifier: '', state: '' };
  const form = await session.step('authorize', async (step) => {
    first = authorizeQuery(true);
    step.detail(`PKCE S256, resource ${resourceValue}${scope ? `, scope "${scope}"` : ', no scope'}, redirect ${client!.redirectUri}.`);
    return openSignIn(step, first.url);
  });

  const callbackCheck = (step: StepContext, location: URL, state: string) => {
    const back = location.href.split('?')[0];
    if (back !== client!.redirectUri) step.fail(`The redirect goes to ${back}, not exactly to ${client!.redirectUri}.`);
    if (location.searchParams.get('state') !== state) step.fail('The redirect does not carry the state that was sent.');
    if (!location.searchParams.get('code')) step.fail('The redirect has no code.');
  };
  const issCheck = (step: StepContext, location: URL) => {
    const iss = location.searchParams.get('iss');
    if (server!.authorization_response_iss_parameter_supported === true) {
      if (iss === null) step.fail('The metadata advertises iss support but the callback has no iss: ChatGPT rejects it.', sources.rfc9207);
      if (iss !== server!.issuer)
        step.fail(
          `The callback's iss is ${JSON.stringify(iss)}, not the issuer ${JSON.stringify(server!.issuer)}: ChatGPT compares them byte for byte and rejects the callback.`,
          sources.rfc9207,
        );
      step.detail(`iss ${iss} equals the issuer.`);
    } else if (iss !== null && iss !== server!.issuer)
      step.fail(`The callback's iss ${JSON.stringify(iss)} is not the issuer ${JSON.stringify(server!.issuer)}.`, sources.rfc9207);
    else step.detail('iss is not advertised; nothing to compare.');
  };

  const location = await session.step('sign-in', async (step) => {
    const back = await submitSignIn(step, authorizeAt, form!, subject);
    callbackCheck(step, back, first.state);
    step.detail(`Redirected to ${host.name}’s callback with a code and the same state.`);
    return back;
  });

  await session.step('iss', async (step) => issCheck(step, location!));

  const tokenRequest = async (step: StepContext, fields: Record<string, string | undefined>) => {
    const body = new URLSearchParams();
    for (const [name, value] of Object.entries(fields)) if (value !== undefined) body.set(name, value);
    const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' };
    if (client!.method === 'client_secret_basic') headers.Authorization = basicAuthorization(client!.client_id, client!.client_secret!);
    else body.set('client_id', client!.client_id);
    if (client!.method === 'private_key_jwt') {
      const assertion = await options.signer!.sign(client!.client_id, server!.token_endpoint);
      step.secret(assertion);
      body.set('client_assertion_type', 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
      body.set('client_assertion', assertion);
    }
    if (client!.method === 'client_secret_post') body.set('client_secret', client!.client_secret!);
    return step.send(server!.token_endpoint, { method: 'POST', headers, body: body.toString() });
  };
  const readTokens = (step: StepContext, response: CheckResponse, what: string) => {
    if (response.status !== 200) step.fail(`${what} answered ${response.status}: ${oauthError(response)}.`);
    const json = expectJson(step, response, what);
    step.secret(json.access_token);
    step.secret(json.refresh_token);
    if (typeof json.access_token !== 'string') step.fail(`${what} answered without an access_token.`, sources.rfc6749Token);
    if (typeof json.token_type !== 'string' || json.token_type.toLowerCase() !== 'bearer')
      step.fail(`token_type is ${JSON.stringify(json.token_type)}, not Bearer.`, sources.rfc6749Token);
    if (typeof json.refresh_token !== 'string')
      step.warn('No refresh_token: ChatGPT must send the user through sign-in again when the access token expires.');
    step.detail(`Tokens received${typeof json.expires_in === 'number' ? `, expiring in ${json.expires_in} s` : ''}.`);
    return json as { access_token: string; refresh_token?: string };
  };
  const exchange = (step: StepContext, authorized: Authorized) =>
    tokenRequest(step, {
      grant_type: 'authorization_code',
      code: authorized.code,
      code_verifier: authorized.verifier,
      redirect_uri: client!.redirectUri,
      resource: resourceValue,
    });

  const tokens = await session.step('token', async (step) =>
    readTokens(step, await exchange(step, { code: location!.searchParams.get('code')!, verifier: first.verifier }), 'The token endpoint'),
  );

  const rpc = new McpRpc(mcpUrl);
  const rpcFailure = (step: StepContext, answer: Awaited<ReturnType<McpRpc['call']>>, method: string) => {
    const { response, message } = answer;
    if (response.status === 401 || response.status === 403)
      step.fail(
        `${method} answered ${response.status} with the fresh token: ${response.headers.get('www-authenticate') ?? oauthError(response)}.`,
      );
    if (response.status >= 400)
      step.fail(
        `${method} answered ${response.status}${message?.error ? `: ${message.error.message}` : `: ${response.text.slice(0, 300)}`}. ChatGPT signed in but shows "No actions available".`,
      );
    if (!message) step.fail(`${method} answered ${response.status} without a JSON-RPC response to it.`);
    if (message.error) step.fail(`${method} answered JSON-RPC error ${message.error.code}: ${message.error.message}.`);
    return message.result;
  };

  await session.step('initialize', async (step) => {
    const result = rpcFailure(step, await rpc.call(step, tokens!.access_token, 'initialize', initializeParams()), 'initialize');
    if (typeof result?.protocolVersion !== 'string') step.fail('The initialize result has no protocolVersion.');
    rpc.protocolVersion = result.protocolVersion;
    const notified = await rpc.notify(step, tokens!.access_token, 'notifications/initialized');
    if (notified.status >= 400) step.fail(`notifications/initialized answered ${notified.status}.`);
    step.detail(
      `${result.serverInfo?.name ?? 'the server'} ${result.serverInfo?.version ?? ''}, protocol ${result.protocolVersion}${rpc.sessionId ? ', with a session' : ''}.`,
    );
  });

  const tool = await session.step('tools-list', async (step) => {
    const result = rpcFailure(step, await rpc.call(step, tokens!.access_token, 'tools/list'), 'tools/list');
    const tools: { name: string; inputSchema?: { required?: string[] }; annotations?: { readOnlyHint?: boolean } }[] = Array.isArray(
      result?.tools,
    )
      ? result.tools
      : [];
    if (tools.length === 0) step.fail('tools/list returned no tools: ChatGPT shows "No actions available".');
    step.detail(`${tools.length} tool(s): ${tools.map((tool) => tool.name).join(', ')}.`);
    if (options.tool) {
      const wanted = tools.find((tool) => tool.name === options.tool);
      if (!wanted) step.fail(`There is no tool "${options.tool}".`);
      return wanted;
    }
    const free = tools.filter((tool) => !tool.inputSchema?.required?.length);
    const chosen = free.find((tool) => tool.annotations?.readOnlyHint) ?? free[0];
    if (!chosen) step.fail('Every tool needs arguments: name one to call, with its arguments.');
    return chosen;
  });

  await session.step('tools-call', async (step) => {
    const result = rpcFailure(
      step,
      await rpc.call(step, tokens!.access_token, 'tools/call', { name: tool!.name, arguments: options.toolArguments ?? {} }),
      `tools/call ${tool!.name}`,
    );
    if (result?.isError) {
      const text = Array.isArray(result.content) ? result.content.map((part: { text?: string }) => part.text ?? '').join(' ') : '';
      step.fail(`${tool!.name} answered isError: ${text.slice(0, 300)}`);
    }
    step.detail(`${tool!.name} answered.`);
  });

  const reconnect = () =>
    session.step('reconnect', async (step) => {
      const again = authorizeQuery(false);
      step.detail('Authorize again without scope, as ChatGPT does after Disconnect → Connect.');
      const reopened = await openSignIn(step, again.url);
      const back = await submitSignIn(step, authorizeAt, reopened, subject);
      callbackCheck(step, back, again.state);
      issCheck(step, back);
      return readTokens(
        step,
        await exchange(step, { code: back.searchParams.get('code')!, verifier: again.verifier }),
        'The token endpoint',
      );
    });
  const reconnected = host.connect.reconnectsWithoutScope ? await reconnect() : tokens;

  await session.step('refresh', async (step) => {
    const refreshToken = reconnected?.refresh_token;
    if (!refreshToken) step.fail('There is no refresh token to use.');
    if (!host.connect.resourceOnRefresh) step.detail(`${host.name} refreshes without resource, as some of its builds do.`);
    const next = readTokens(
      step,
      await tokenRequest(step, {
        grant_type: 'refresh_token',
        refresh_token: refreshToken!,
        resource: host.connect.resourceOnRefresh ? resourceValue : undefined,
      }),
      'The refresh',
    );
    const fresh = new McpRpc(mcpUrl);
    rpcFailure(step, await fresh.call(step, next.access_token, 'initialize', initializeParams()), 'initialize with the refreshed token');
    step.detail('The refreshed access token opens an MCP session.');
  });
}

function initializeParams(): Record<string, unknown> {
  return { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'Handshake check', version: '1' } };
}

/** The scope as the host builds it: the challenge's, else the resource's (all of it for some), plus offline_access when listed. */
function hostScope(host: HostProfile, challenged: string | undefined, fromResource: unknown, fromServer: unknown): string | undefined {
  const resourceScopes = Array.isArray(fromResource) ? fromResource.filter((scope) => typeof scope === 'string') : [];
  const base = host.connect.scopeFrom === 'all-prm' ? resourceScopes : challenged ? challenged.split(' ') : resourceScopes;
  const scopes = base.filter(Boolean);
  if (
    host.connect.appendsOfflineAccess &&
    Array.isArray(fromServer) &&
    fromServer.includes('offline_access') &&
    !scopes.includes('offline_access')
  )
    scopes.push('offline_access');
  return scopes.length ? scopes.join(' ') : undefined;
}

/** The resource as the host sends it: Claude Code adds a slash to an origin-only value. */
function hostResource(host: HostProfile, resource: string): string {
  if (!host.connect.resourceTrailingSlash || !URL.canParse(resource)) return resource;
  const path = new URL(resource).pathname;
  return path === '/' || path === '' ? `${resource.replace(/\/+$/, '')}/` : resource;
}

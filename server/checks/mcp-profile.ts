import { randomUUID } from 'node:crypto';
import { basicAuthorization } from './basic-authorization';
import { chatGptConnectorCallback, chatGptConnectorRedirect } from './chatgpt-callbacks';
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
}

export const mcpSteps: StepSpec[] = [
  {
    id: 'challenge',
    title: 'Call /mcp without a token',
    chatgpt: 'ChatGPT POSTs initialize without a token and reads the 401’s WWW-Authenticate: resource_metadata (and scope).',
    source: sources.mcpAuthorization,
  },
  {
    id: 'protected-resource',
    title: 'Protected-resource metadata',
    chatgpt: 'ChatGPT fetches the RFC 9728 document and sends its `resource` exactly as the resource parameter.',
    source: sources.rfc9728,
  },
  {
    id: 'authorization-server',
    title: 'Authorization server metadata',
    chatgpt: 'ChatGPT fetches RFC 8414 metadata of the authorization server the resource names.',
    source: sources.mcpDiscovery,
  },
  {
    id: 'chatgpt-checks',
    title: 'ChatGPT’s checks on the metadata',
    chatgpt:
      'ChatGPT stops unless S256 is advertised and the issuer is the exact string the resource named; with `iss` support it uses its stable callback.',
    source: sources.openAiMcpAuth,
  },
  {
    id: 'register',
    title: 'Register',
    chatgpt:
      'ChatGPT prefers a Client ID Metadata Document when advertised, else registers by DCR, once per connection; its token auth method comes from the intersection of both lists.',
    source: sources.mcpRegistration,
    inferred: true,
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
    chatgpt: 'The user signs in (and allows); the server redirects to ChatGPT’s callback with code, state and iss.',
    source: sources.rfc6749Authorize,
  },
  {
    id: 'iss',
    title: 'Check iss',
    chatgpt: 'ChatGPT compares the callback’s iss with the issuer it recorded, byte for byte, before exchanging the code.',
    source: sources.rfc9207,
  },
  {
    id: 'token',
    title: 'Exchange the code',
    chatgpt: 'ChatGPT’s server POSTs code, code_verifier, redirect_uri and resource, form-encoded.',
    source: sources.mcpAuthorization,
  },
  {
    id: 'initialize',
    title: 'initialize',
    chatgpt: 'ChatGPT opens the MCP session with the token: initialize, then notifications/initialized.',
    source: sources.mcpLifecycle,
  },
  {
    id: 'tools-list',
    title: 'tools/list',
    chatgpt: 'ChatGPT lists the tools; none means “No actions available”.',
    source: sources.mcpTools,
  },
  { id: 'tools-call', title: 'Call a tool', chatgpt: 'ChatGPT calls a tool when the model picks it.', source: sources.mcpTools },
  {
    id: 'reconnect',
    title: 'Reconnect without scope',
    chatgpt: 'After Disconnect → Connect, ChatGPT authorizes again without scope, signs in and exchanges.',
    source: sources.openAiMcpAuth,
    inferred: true,
  },
  {
    id: 'refresh',
    title: 'Refresh the token',
    chatgpt: 'ChatGPT refreshes with the rotating refresh token and resource, then uses the new access token.',
    source: sources.rfc6749Refresh,
  },
];

interface Authorized {
  code: string;
  verifier: string;
}

interface Client {
  client_id: string;
  client_secret?: string;
  method: string;
}

/** The challenge's parameters: `Bearer realm="…", resource_metadata="…", scope="…"`. */
export function challengeParameters(header: string | null): Record<string, string> {
  const parameters: Record<string, string> = {};
  if (!header || !/^bearer\b/i.test(header)) return parameters;
  for (const match of header.matchAll(/([a-z_]+)="((?:[^"\\]|\\.)*)"/gi))
    parameters[match[1].toLowerCase()] = match[2].replace(/\\(.)/g, '$1');
  return parameters;
}

/** ChatGPT's MCP connect, step by step, against `session.url` (the MCP server URL). */
export async function runMcpProfile(session: CheckSession, subject: CheckSubject, options: McpOptions): Promise<void> {
  const mcpUrl = session.url;
  const origin = new URL(mcpUrl).origin;

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

  const redirectUri = await session.step('chatgpt-checks', async (step) => {
    const refusal = authorizationServerRefusal(server!, issuer);
    if (refusal) step.fail(refusal.reason, refusal.source);
    if (server!.authorization_response_iss_parameter_supported === true) {
      step.detail(`iss is supported: ChatGPT uses its stable callback ${chatGptConnectorRedirect}.`);
      return chatGptConnectorRedirect;
    }
    const callback = chatGptConnectorCallback();
    step.warn(
      `authorization_response_iss_parameter_supported is not true: ChatGPT uses a per-connection callback (${callback} here), which changes whenever the connector is recreated.`,
      sources.openAiMcpAuth,
    );
    return callback;
  });

  const client = await session.step('register', async (step): Promise<Client> => {
    const method = chooseTokenAuthMethod(server!.token_endpoint_auth_methods_supported);
    if (!method)
      step.fail(
        `token_endpoint_auth_methods_supported ${JSON.stringify(server!.token_endpoint_auth_methods_supported)} shares no method with ChatGPT's (none, client_secret_post, client_secret_basic).`,
        sources.openAiMcpAuth,
      );
    if (server!.client_id_metadata_document_supported === true) {
      step.detail(
        'The server advertises Client ID Metadata Documents, which ChatGPT prefers: its client_id would be https://chatgpt.com/oauth/client.json, a document your server fetches from chatgpt.com. The check cannot serve that document, so it registers by DCR, as ChatGPT does when the connector creator picks DCR.',
      );
    }
    if (typeof server!.registration_endpoint !== 'string') {
      step.fail(
        server!.client_id_metadata_document_supported === true
          ? 'There is no registration_endpoint: ChatGPT would use its metadata document, which this check cannot play; add DCR to run the rest of the check.'
          : 'Neither client_id_metadata_document_supported nor a registration_endpoint: ChatGPT cannot register and says "Error fetching OAuth configuration".',
        sources.mcpRegistration,
      );
    }
    const response = await step.send(server!.registration_endpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({
        client_name: 'ChatGPT',
        redirect_uris: [redirectUri],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: method,
        application_type: 'web',
      }),
    });
    if (response.status !== 201 && response.status !== 200)
      step.fail(`Registration answered ${response.status}: ${oauthError(response)}.`, sources.rfc7591);
    const json = expectJson(step, response, 'Registration');
    if (typeof json.client_id !== 'string') step.fail('Registration answered without a client_id.', sources.rfc7591);
    step.secret(json.client_secret);
    const registered = typeof json.token_endpoint_auth_method === 'string' ? json.token_endpoint_auth_method : method!;
    if (registered !== 'none' && typeof json.client_secret !== 'string')
      step.fail(`The client was registered as ${registered} but got no client_secret.`, sources.rfc7591);
    step.detail(
      `Registered by DCR as ${json.client_id}, token auth ${registered} (ChatGPT's exact DCR request is not documented: inferred).`,
    );
    return { client_id: json.client_id, client_secret: json.client_secret, method: registered };
  });

  const scope = challenge?.scope ?? resource?.scopes_supported?.join(' ');
  const authorizeAt = String(server?.authorization_endpoint ?? '');
  const authorizeQuery = (withScope: boolean) => {
    const { verifier, challenge: codeChallenge } = pkcePair();
    const state = randomUUID();
    const query = new URLSearchParams({
      response_type: 'code',
      client_id: client!.client_id,
      redirect_uri: redirectUri!,
      code_challenge: codeChallenge,
      code_challenge_method: 'S256',
      resource: resource!.resource,
      state,
    });
    if (withScope && scope) query.set('scope', scope);
    return { url: `${authorizeAt}?${query}`, verifier, state };
  };

  let first = { url: '', verifier: '', state: '' };
  const form = await session.step('authorize', async (step) => {
    first = authorizeQuery(true);
    step.detail(`PKCE S256, resource ${resource!.resource}${scope ? `, scope "${scope}"` : ', no scope'}.`);
    return openSignIn(step, first.url);
  });

  const callbackCheck = (step: StepContext, location: URL, state: string) => {
    const back = `${location.origin}${location.pathname}`;
    if (back !== redirectUri) step.fail(`The redirect goes to ${back}, not exactly to ${redirectUri}.`);
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
    step.detail('Redirected to ChatGPT’s callback with a code and the same state.');
    return back;
  });

  await session.step('iss', async (step) => issCheck(step, location!));

  const tokenRequest = (step: StepContext, fields: Record<string, string>) => {
    const body = new URLSearchParams(fields);
    const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' };
    if (client!.method === 'client_secret_basic') headers.Authorization = basicAuthorization(client!.client_id, client!.client_secret!);
    else body.set('client_id', client!.client_id);
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
      redirect_uri: redirectUri!,
      resource: resource!.resource,
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

  const reconnected = await session.step('reconnect', async (step) => {
    const again = authorizeQuery(false);
    step.detail('Authorize again without scope, as ChatGPT does after Disconnect → Connect.');
    const reopened = await openSignIn(step, again.url);
    const back = await submitSignIn(step, authorizeAt, reopened, subject);
    callbackCheck(step, back, again.state);
    issCheck(step, back);
    return readTokens(step, await exchange(step, { code: back.searchParams.get('code')!, verifier: again.verifier }), 'The token endpoint');
  });

  await session.step('refresh', async (step) => {
    const refreshToken = reconnected!.refresh_token;
    if (!refreshToken) step.fail('There is no refresh token to use.');
    const next = readTokens(
      step,
      await tokenRequest(step, { grant_type: 'refresh_token', refresh_token: refreshToken!, resource: resource!.resource }),
      'The refresh',
    );
    const fresh = new McpRpc(mcpUrl);
    rpcFailure(step, await fresh.call(step, next.access_token, 'initialize', initializeParams()), 'initialize with the refreshed token');
    step.detail('The refreshed access token opens an MCP session.');
  });
}

function initializeParams(): Record<string, unknown> {
  return { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'Handshake check (playing ChatGPT)', version: '1' } };
}

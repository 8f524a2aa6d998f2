import { randomUUID } from 'node:crypto';
import { parse } from 'yaml';
import { isPlaceholderToken } from '../plugin/manifest';
import { basicAuthorization } from './basic-authorization';
import { chatGptActionCallback, chatGptPluginCallback } from './chatgpt-callbacks';
import type { CheckResponse } from './check-http';
import type { CheckSession, StepContext, StepSpec } from './check-session';
import { sources } from './check-sources';
import type { CheckSubject } from './check-subject';
import { manifestFindings, rootDomain } from './manifest-rules';
import { chooseOperation, type Operation, openApiFindings } from './openapi-rules';
import { expectJson, oauthError } from './response-reading';
import { openSignIn, submitSignIn } from './sign-in';

/** Which ChatGPT plays the classic client: the 2023 plugin (manifest content type, secret in the body) or a GPT Action. */
export interface ClassicOptions {
  client: 'plugin' | 'action';
  /** GPT Actions only: "Default (POST request)" or "Basic authorization header". */
  tokenAuth: 'post' | 'basic';
  /** The operation to call; default the first GET that needs no input. */
  operationId?: string;
}

export const classicSteps: StepSpec[] = [
  {
    id: 'manifest',
    title: 'Fetch the manifest',
    chatgpt: 'ChatGPT’s server GETs /.well-known/ai-plugin.json (15 s timeout) and checks its fields, limits and domains.',
    source: sources.pluginManifest,
  },
  {
    id: 'verification-token',
    title: 'Verify tokens',
    chatgpt: 'At “Verify tokens”, ChatGPT compares auth.verification_tokens.openai with the token its wizard showed.',
    source: sources.pluginAuth,
  },
  {
    id: 'openapi',
    title: 'Fetch the OpenAPI spec',
    chatgpt: 'ChatGPT fetches api.url (again at every use) and reads its operations, descriptions and servers.',
    source: sources.pluginOpenApi,
  },
  {
    id: 'authorize',
    title: 'Open the sign-in page',
    chatgpt:
      'The user’s browser opens client_url with response_type=code, client_id, redirect_uri (ChatGPT’s callback), scope= and a state.',
    source: sources.pluginAuth,
  },
  {
    id: 'sign-in',
    title: 'Sign in',
    chatgpt: 'The user signs in; the server must redirect to exactly redirect_uri?code=…&state=<the same state>.',
    source: sources.rfc6749Authorize,
  },
  {
    id: 'token',
    title: 'Exchange the code',
    chatgpt:
      'ChatGPT’s server POSTs the code to authorization_url, encoded as configured, and expects access_token, token_type bearer, refresh_token and expires_in.',
    source: sources.pluginAuth,
  },
  {
    id: 'api-call',
    title: 'Call the API',
    chatgpt: 'ChatGPT calls an operation with Authorization: Bearer (45 s timeout, answers up to 100,000 characters).',
    source: sources.productionPlugins,
  },
  {
    id: 'refresh',
    title: 'Refresh the token',
    chatgpt: 'When the access token expires, ChatGPT POSTs grant_type=refresh_token with the client credentials.',
    source: sources.rfc6749Refresh,
  },
  {
    id: 'api-call-again',
    title: 'Call the API again',
    chatgpt: 'ChatGPT calls the operation again with the refreshed access token.',
    source: sources.productionPlugins,
  },
];

interface Tokens {
  access_token: string;
  refresh_token?: string;
}

/** ChatGPT's classic plugin / GPT Action install, step by step, against `session.url` (the public base URL). */
export async function runClassicProfile(session: CheckSession, subject: CheckSubject, options: ClassicOptions): Promise<void> {
  const base = session.url.replace(/\/+$/, '');
  const manifestUrl = `${base}/.well-known/ai-plugin.json`;
  const root = rootDomain(new URL(base).host);
  const redirectUri = options.client === 'action' ? chatGptActionCallback() : chatGptPluginCallback();
  const client = subject.classicClient;

  const manifest = await session.step('manifest', async (step) => {
    const response = await step.send(manifestUrl, { timeoutMs: 15_000 });
    if (response.status !== 200) step.fail(`The manifest URL answered ${response.status}; ChatGPT says "Couldn't find manifest".`);
    const json = expectJson(step, response, 'The manifest URL');
    for (const finding of manifestFindings(json, manifestUrl)) {
      if (finding.level === 'fail') step.fail(`${finding.message} ChatGPT says "Couldn't find manifest" or refuses the plugin.`);
      step.warn(finding.message);
    }
    step.detail(
      `${json.name_for_human} (${json.name_for_model}), auth ${json.auth.type}, content type ${json.auth.authorization_content_type}.`,
    );
    return json as { auth: Record<string, any>; api: { url: string } };
  });

  await session.step('verification-token', async (step) => {
    const served = String(manifest!.auth.verification_tokens.openai ?? '');
    const shown = subject.verificationToken;
    if (served === '' && shown === '') {
      step.warn(
        'No verification token yet. ChatGPT shows one after you enter the client ID and secret; paste it into Settings, or “Verify tokens” fails.',
      );
      return;
    }
    if (isPlaceholderToken(served))
      step.fail(`The manifest serves "${served}", a placeholder, not the token ChatGPT showed: “Verify tokens” fails.`);
    if (shown && served !== shown) step.fail(`The manifest serves "${served}" but ChatGPT showed "${shown}": “Verify tokens” fails.`);
    if (served === client.secret)
      step.fail('The verification token served equals the client secret: one was pasted in place of the other.');
    step.detail('The manifest serves the verification token ChatGPT showed.');
  });

  const operation = await session.step('openapi', async (step) => {
    const response = await step.send(String(manifest!.api.url), { timeoutMs: 15_000 });
    if (response.status !== 200) step.fail(`api.url answered ${response.status}; ChatGPT cannot read the API.`);
    let document: unknown;
    try {
      document = parse(response.text);
    } catch (error) {
      step.fail(`api.url did not answer YAML or JSON: ${(error as Error).message}`);
    }
    const { findings, operations } = openApiFindings(document, root);
    for (const finding of findings) {
      if (finding.level === 'fail') step.fail(finding.message);
      step.warn(finding.message);
    }
    step.detail(`${operations.length} operation(s): ${operations.map((operation) => operation.operationId).join(', ')}.`);
    const chosen = chooseOperation(operations, options.operationId);
    if (!chosen) {
      step.fail(
        options.operationId
          ? `There is no operation "${options.operationId}".`
          : 'No GET operation without required input to call: name one with operationId.',
      );
    }
    const servers = (document as { servers: { url: string }[] }).servers;
    return { ...chosen!, url: servers[0].url.replace(/\/+$/, '') + chosen!.path } as Operation & { url: string };
  });

  const authorizeUrl = String(manifest?.auth.client_url ?? '');
  const state = randomUUID();
  const form = await session.step('authorize', async (step) => {
    const query = new URLSearchParams({
      response_type: 'code',
      client_id: client.id,
      redirect_uri: redirectUri,
      scope: String(manifest!.auth.scope ?? ''),
      state,
    });
    step.detail(`redirect_uri ${redirectUri} (${options.client === 'action' ? 'a GPT Action’s callback' : 'a plugin’s callback'}).`);
    return openSignIn(step, `${authorizeUrl}?${query}`);
  });

  const code = await session.step('sign-in', async (step) => {
    const location = await submitSignIn(step, authorizeUrl, form!, subject);
    const back = `${location.origin}${location.pathname}`;
    if (back !== redirectUri)
      step.fail(`The redirect goes to ${back}, not exactly to redirect_uri ${redirectUri}: ChatGPT cannot finish the install.`);
    if (location.searchParams.get('state') === null)
      step.fail('The redirect has no state: ChatGPT says "Missing `state` param in response from OAuth provider".', sources.pluginAuth);
    if (location.searchParams.get('state') !== state)
      step.fail(`The redirect's state "${location.searchParams.get('state')}" is not the one sent ("${state}").`);
    const code = location.searchParams.get('code');
    if (!code) step.fail('The redirect has no code.');
    step.detail('Redirected to the callback with a code and the same state.');
    return code;
  });

  const encoding =
    options.client === 'action'
      ? 'form'
      : manifest?.auth.authorization_content_type === 'application/x-www-form-urlencoded'
        ? 'form'
        : 'json';
  const basic = options.client === 'action' && options.tokenAuth === 'basic';
  const tokenRequest = (step: StepContext, fields: Record<string, string>) => {
    step.secret(client.secret);
    const body: Record<string, string> = basic ? { ...fields } : { ...fields, client_id: client.id, client_secret: client.secret };
    return step.send(String(manifest!.auth.authorization_url), {
      method: 'POST',
      headers: {
        'Content-Type': encoding === 'json' ? 'application/json' : 'application/x-www-form-urlencoded',
        Accept: 'application/json',
        ...(basic ? { Authorization: basicAuthorization(client.id, client.secret) } : {}),
      },
      body: encoding === 'json' ? JSON.stringify(body) : new URLSearchParams(body).toString(),
    });
  };
  const readTokens = (step: StepContext, response: CheckResponse, what: string): Tokens => {
    if (response.status !== 200) step.fail(`${what} answered ${response.status}: ${oauthError(response)}.`);
    const json = expectJson(step, response, what);
    step.secret(json.access_token);
    step.secret(json.refresh_token);
    if (typeof json.access_token !== 'string' || !json.access_token)
      step.fail(`${what} answered 200 without an access_token.`, sources.rfc6749Token);
    if (typeof json.token_type !== 'string' || json.token_type.toLowerCase() !== 'bearer')
      step.fail(`token_type is ${JSON.stringify(json.token_type)}; ChatGPT expects bearer.`, sources.rfc6749Token);
    if (typeof json.refresh_token !== 'string')
      step.warn('No refresh_token: when the access token expires users see "User is missing credentials" and must reinstall.');
    if (typeof json.expires_in !== 'number') step.warn('No expires_in: ChatGPT cannot tell when to refresh.');
    step.detail(`Tokens received${typeof json.expires_in === 'number' ? `, expiring in ${json.expires_in} s` : ''}.`);
    return json;
  };

  const tokens = await session.step('token', async (step) => {
    step.detail(
      `Sent ${encoding === 'json' ? 'application/json' : 'application/x-www-form-urlencoded'}, credentials ${basic ? 'in a Basic header' : 'in the body'}.`,
    );
    if (options.client === 'action')
      step.detail('A GPT Action’s editor has no content-type field: form encoding is inferred (Handshake accepts JSON too).');
    return readTokens(
      step,
      await tokenRequest(step, { grant_type: 'authorization_code', code: code!, redirect_uri: redirectUri }),
      'The token endpoint',
    );
  });

  const callApi = (step: StepContext, accessToken: string) => async () => {
    const response = await step.send(operation!.url, {
      method: operation!.method,
      timeoutMs: 45_000,
      headers: {
        Authorization: `Bearer ${accessToken}`,
        'openai-conversation-id': randomUUID(),
        'openai-ephemeral-user-id': randomUUID(),
        Accept: 'application/json',
      },
    });
    if (response.status === 401 || response.status === 403)
      step.fail(
        `${operation!.method} ${operation!.path} answered ${response.status} with the fresh token: ${response.headers.get('www-authenticate') ?? oauthError(response)}.`,
      );
    if (response.status >= 400) step.fail(`${operation!.method} ${operation!.path} answered ${response.status}.`);
    if (/text\/html/i.test(response.contentType))
      step.fail(`${operation!.method} ${operation!.path} answered an HTML page, not the API's data.`);
    if (response.text.length > 100_000) step.fail(`The answer has ${response.text.length} characters; ChatGPT takes at most 100,000.`);
    step.detail(`${operation!.operationId}: ${response.status}.`);
  };

  await session.step('api-call', (step) => callApi(step, tokens!.access_token)());

  const refreshed = await session.step('refresh', async (step) => {
    if (!tokens!.refresh_token)
      step.fail('There is no refresh token to use: users would have to reinstall when the access token expires.', sources.pluginAuth);
    const next = readTokens(
      step,
      await tokenRequest(step, { grant_type: 'refresh_token', refresh_token: tokens!.refresh_token! }),
      'The refresh',
    );
    if (next.access_token === tokens!.access_token) step.warn('The refresh returned the same access token.');
    return next;
  });

  await session.step('api-call-again', (step) => callApi(step, refreshed!.access_token)());
}

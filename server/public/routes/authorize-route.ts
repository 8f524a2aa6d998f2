import express, { type Request, type Response, type Router } from 'express';
import { decodeJwt } from 'jose';
import { randomId } from '../../crypto/random-token';
import {
  type AuthorizationRequest,
  type PageRefusal,
  parseAuthorizationRequest,
  type RedirectRefusal,
  redirectTo,
} from '../../oauth/authorization-request';
import { addNote, annotate } from '../../traffic/annotations';
import { bodyLimit, describeBodyParserError, isBodyParserError } from '../body-parsers';
import { deviceCookie, isTrustedDevice } from '../device-cookie';
import { csrfCookieName, csrfToken, newCsrfNonce, readCookie, verifyCsrf } from '../login-csrf';
import { loginAttempt, throttledNote, throttledPageMessage, unknownAddressHint } from '../login-throttle';
import type { PublicContext } from '../public-context';
import { errorPage } from '../views/error-page';
import { type ConsentDetails, loginPage } from '../views/login-page';

const flowIdPattern = /^flw_[A-Za-z0-9_-]{4,40}$/;

/** The endpoint, and the origin path MCP clients of the 2025-03-26 spec fall back to when discovery fails. */
const authorizePaths = ['/oauth/authorize', '/authorize'];

/** Where the browser goes back to, as the sign-in page names it: the host, or a native app's private-use scheme. */
function redirectTarget(redirectUri: string): string {
  const url = new URL(redirectUri);
  if (url.protocol === 'http:' || url.protocol === 'https:') return url.host;
  return url.host ? `${url.protocol}//${url.host}` : url.protocol;
}

function sendPage(res: Response, status: number, body: string): void {
  res.status(status).type('html').setHeader('Cache-Control', 'no-store');
  res.send(body);
}

/**
 * The authorization endpoint (client_url for classic plugins): GET shows the sign-in page (with consent for clients
 * the developer did not create), POST signs in and redirects back with a code. Every redirect back carries `iss`
 * (RFC 9207), the issuer exactly as the metadata states it.
 */
export function mountAuthorizeRoute(router: Router, context: PublicContext): void {
  const throttle = context.loginThrottle;

  /** The user a check's sign-in ticket was minted for, when it is valid and names the same email (see sign-in-tickets.ts). */
  function ticketUser(ticket: string, email: string) {
    const userId = context.signInTickets.redeem(ticket);
    const user = userId ? context.store.users.byId(userId) : null;
    return user && user.email.toLowerCase() === email.toLowerCase() ? user : null;
  }

  function consentFor(request: AuthorizationRequest): ConsentDetails | null {
    const { client } = request;
    if (client.developerOwned && !context.store.settings.get().consentForOwnClients) return null;
    return {
      clientName: client.name,
      documentHost: client.documentHost,
      scope: request.scope,
      resources: request.resources,
      loopbackOnly:
        client.redirectUris.length > 0 && client.redirectUris.every((uri) => /^https?:\/\/(127\.0\.0\.1|\[::1\]|localhost)[:/]/.test(uri)),
    };
  }

  function renderLogin(
    req: Request,
    res: Response,
    request: AuthorizationRequest,
    status: number,
    extra: { email?: string; error?: string } = {},
  ): void {
    const nonce = readCookie(req.headers.cookie, csrfCookieName) ?? newCsrfNonce();
    const secure = context.baseUrl(req).startsWith('https:');
    // The form posts back to the path it came from: /oauth/authorize, or the 2025-03-26 fallback /authorize.
    const cookiePath = req.path.startsWith('/oauth/') ? '/oauth' : '/authorize';
    res.setHeader('Set-Cookie', `${csrfCookieName}=${nonce}; Path=${cookiePath}; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`);
    const settings = context.store.settings.get();
    const appName = request.client.kind === 'classic' ? settings.manifest.name_for_human : request.client.name;
    sendPage(
      res,
      status,
      loginPage({
        appName,
        redirectHost: redirectTarget(request.redirectUri),
        request: request.carried,
        csrf: csrfToken(context.formKey, nonce, request.carried),
        consent: consentFor(request),
        ...extra,
      }),
    );
  }

  function refuse(req: Request, res: Response, refusal: PageRefusal | RedirectRefusal): void {
    addNote(res, 'error', refusal.note.code, refusal.note.message);
    if (refusal.on === 'page') {
      sendPage(res, 400, errorPage(refusal));
      return;
    }
    res.redirect(
      302,
      redirectTo(refusal.redirectUri, {
        error: refusal.error,
        error_description: refusal.description,
        state: refusal.state,
        iss: context.baseUrl(req),
      }),
    );
  }

  /** OIDC id_token_hint (ChatGPT sends the last id_token on re-authorization): a token Handshake signed names the user to prefill. */
  async function hintedEmail(request: AuthorizationRequest, res: Response): Promise<string | undefined> {
    if (!request.idTokenHint) return undefined;
    const signature = await context.keys.checkSignature(request.idTokenHint);
    const email = signature.verified ? decodeJwt(request.idTokenHint).email : undefined;
    addNote(
      res,
      signature.verified ? 'info' : 'warn',
      'id_token_hint',
      signature.verified
        ? `The client sent an id_token_hint signed by Handshake (kid ${signature.kid})${typeof email === 'string' ? `: the sign-in form is prefilled with ${email}` : ''}.`
        : `The client sent an id_token_hint Handshake cannot verify: ${signature.message} It is ignored; the user signs in as usual.`,
    );
    return typeof email === 'string' ? email : undefined;
  }

  /** The parsed request, or null once the refusal has been answered. */
  async function accepted(req: Request, res: Response, source: unknown): Promise<AuthorizationRequest | null> {
    const check = await parseAuthorizationRequest(source, context.clients, context.store.settings.get(), context.baseUrl(req));
    const flowId = typeof (source as { flow_id?: unknown })?.flow_id === 'string' ? (source as { flow_id: string }).flow_id : '';
    annotate(res, { clientId: check.ok ? check.request.client.id : null });
    if (!check.ok) {
      refuse(req, res, check.refusal);
      return null;
    }
    const request = check.request;
    if (request.pinned) {
      addNote(
        res,
        'warn',
        'cimd_pinned_copy',
        `${new URL(request.client.id).host}'s client metadata document could not be fetched; used Handshake's copy from ${request.pinned.copiedOn} (${request.pinned.hostName}). Why: ${request.pinned.problem}.`,
      );
    }
    request.carried.flow_id = flowIdPattern.test(flowId)
      ? flowId
      : (context.connectFlows.forAuthorize(request.client.id) ?? `flw_${randomId(9)}`);
    annotate(res, { flowId: request.carried.flow_id });
    return request;
  }

  router.get(authorizePaths, async (req, res) => {
    annotate(res, { kind: 'authorize' });
    const request = await accepted(req, res, req.query);
    if (!request) return;
    if (request.state === undefined) {
      addNote(
        res,
        'warn',
        'state_missing',
        'The authorize request has no state. ChatGPT always sends one; without it the callback fails with "Missing `state` param in response from OAuth provider".',
      );
    }
    if (request.repeated.length) addNote(res, 'warn', 'parameter_repeated', `Repeated parameters ignored: ${request.repeated.join(', ')}.`);
    renderLogin(req, res, request, 200, { email: await hintedEmail(request, res) });
  });

  router.post(authorizePaths, express.urlencoded({ limit: bodyLimit, extended: false, parameterLimit: 50 }), async (req, res) => {
    annotate(res, { kind: 'login' });
    const request = await accepted(req, res, req.body);
    if (!request) return;
    const values = req.body as Record<string, unknown>;
    const iss = context.baseUrl(req);
    if (
      !verifyCsrf(
        context.formKey,
        readCookie(req.headers.cookie, csrfCookieName),
        request.carried,
        typeof values.csrf === 'string' ? values.csrf : undefined,
      )
    ) {
      addNote(
        res,
        'error',
        'csrf_failed',
        'The sign-in form was not opened from this server in this browser (missing or mismatched CSRF token or cookie), or it was altered.',
      );
      return sendPage(
        res,
        403,
        errorPage({
          title: 'Please start again',
          problem: 'This sign-in form has expired or did not come from this page.',
          hint: 'Go back to the application and choose "Log in" or "Connect" again.',
        }),
      );
    }
    if (values.decision === 'deny') {
      addNote(res, 'info', 'access_denied', 'The user pressed Deny; the client receives error=access_denied.');
      return res.redirect(
        302,
        redirectTo(request.redirectUri, { error: 'access_denied', error_description: 'the user denied access', state: request.state, iss }),
      );
    }

    const email = (typeof values.email === 'string' ? values.email : '').trim();
    const password = typeof values.password === 'string' ? values.password : '';
    const attempt = loginAttempt(req, email, isTrustedDevice(context.formKey, req.headers.cookie, email));
    const refusal = throttle.refusal(attempt);
    if (refusal) {
      addNote(res, 'warn', 'login_throttled', throttledNote(refusal, attempt));
      res.setHeader('Retry-After', String(refusal.retryAfter));
      return renderLogin(req, res, request, 429, { email, error: throttledPageMessage(refusal) });
    }
    const attemptedAt = throttle.recordFailure(attempt);
    const ticket = typeof values.sign_in_ticket === 'string' ? values.sign_in_ticket : '';
    const user = ticket
      ? ticketUser(ticket, email)
      : email && password
        ? await context.store.users.verifyCredentials(email, password)
        : null;
    if (ticket && user)
      addNote(
        res,
        'info',
        'check_sign_in',
        `Signed in as ${user.email} by Handshake's own check (a single-use ticket in place of the password).`,
      );
    if (!user) {
      const why = ticket
        ? 'A sign-in ticket was refused: unknown, already used, expired, or minted for another user.'
        : email
          ? `Wrong email or password for "${email}".`
          : 'The form was sent without an email or password.';
      addNote(res, 'warn', 'login_failed', why + unknownAddressHint(attempt));
      return renderLogin(req, res, request, 401, { email, error: 'Wrong email or password.' });
    }
    throttle.recordSuccess(attempt, attemptedAt);
    if (!ticket) res.append('Set-Cookie', deviceCookie(context.formKey, user.email, context.baseUrl(req).startsWith('https:')));
    annotate(res, { userId: user.id, userEmail: user.email });
    const settings = context.store.settings.get();
    const { code, record } = context.store.codes.issue(
      {
        clientId: request.client.id,
        userId: user.id,
        redirectUri: request.redirectUri,
        scope: request.scope,
        flowId: request.carried.flow_id,
        codeChallenge: request.codeChallenge,
        resources: request.resources,
        nonce: request.nonce,
        authTime: Math.floor(Date.now() / 1000),
      },
      settings.authorizationCodeTtl,
    );
    await context.store.save({ codes: [record] });
    res.setHeader('Cache-Control', 'no-store');
    res.redirect(302, redirectTo(request.redirectUri, { code, state: request.state, iss }));
  });

  router.use(authorizePaths, (error: unknown, _req: Request, res: Response, next: (error?: unknown) => void) => {
    if (!isBodyParserError(error)) return next(error);
    addNote(res, 'error', 'body_unreadable', describeBodyParserError(error));
    sendPage(res, 400, errorPage({ title: 'The sign-in form could not be read', problem: describeBodyParserError(error) }));
  });
}

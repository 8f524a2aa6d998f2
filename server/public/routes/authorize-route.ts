import express, { type Request, type Response, type Router } from 'express';
import { randomId } from '../../crypto/random-token';
import { singleValues } from '../../oauth/request-parameters';
import { addNote, annotate } from '../../traffic/annotations';
import { bodyLimit, describeBodyParserError, isBodyParserError } from '../body-parsers';
import { LoginThrottle, loginAttempt, throttledNote, throttledPageMessage, unknownAddressHint } from '../login-throttle';
import { csrfCookieName, csrfToken, newCsrfNonce, readCookie, verifyCsrf } from '../login-csrf';
import type { PublicContext } from '../public-context';
import { errorPage } from '../views/error-page';
import { loginPage } from '../views/login-page';
import { carriedParameters, checkClientAndRedirect, redirectTo } from './authorize-request';

const flowIdPattern = /^flw_[A-Za-z0-9_-]{4,40}$/;

function sendPage(res: Response, status: number, body: string): void {
  res.status(status).type('html').setHeader('Cache-Control', 'no-store');
  res.send(body);
}

/** client_url: GET shows the login page, POST signs in and redirects to ChatGPT with a code. */
export function mountAuthorizeRoute(router: Router, context: PublicContext): void {
  const throttle = new LoginThrottle();

  function carried(source: Record<string, string>): Record<string, string> {
    const request: Record<string, string> = {};
    for (const name of carriedParameters) if (source[name] !== undefined) request[name] = source[name];
    if (!request.flow_id || !flowIdPattern.test(request.flow_id)) request.flow_id = `flw_${randomId(9)}`;
    return request;
  }

  function renderLogin(req: Request, res: Response, request: Record<string, string>, status: number, extra: { email?: string; error?: string } = {}): void {
    const nonce = readCookie(req.headers.cookie, csrfCookieName) ?? newCsrfNonce();
    const secure = context.baseUrl(req).startsWith('https:');
    res.setHeader('Set-Cookie', `${csrfCookieName}=${nonce}; Path=/oauth; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`);
    const settings = context.store.settings.get();
    sendPage(
      res,
      status,
      loginPage({ appName: settings.manifest.name_for_human, redirectHost: new URL(request.redirect_uri).host, request, csrf: csrfToken(context.formKey, nonce, request), ...extra }),
    );
  }

  /** Client and redirect_uri valid: from here on, protocol errors go back to the client by redirect. */
  function checkResponseType(res: Response, request: Record<string, string>): boolean {
    if (request.response_type === 'code') return true;
    const error = request.response_type ? 'unsupported_response_type' : 'invalid_request';
    addNote(res, 'error', error, request.response_type ? `response_type "${request.response_type}" is not supported; ChatGPT sends response_type=code.` : 'The authorize request has no response_type (ChatGPT sends response_type=code).');
    res.redirect(302, redirectTo(request.redirect_uri, { error, error_description: request.response_type ? 'only response_type=code is supported' : 'response_type is required', state: request.state }));
    return false;
  }

  /** The carried request once client and redirect_uri are valid; otherwise answers the error page and returns null. */
  function acceptedRequest(res: Response, source: unknown): { request: Record<string, string>; values: Record<string, string>; repeated: string[] } | null {
    const { values, repeated } = singleValues(source);
    const check = checkClientAndRedirect(values, repeated, context.store.client.id, context.store.settings.get());
    if (!check.ok) {
      addNote(res, 'error', check.note.code, check.note.message);
      sendPage(res, 400, errorPage(check.page));
      return null;
    }
    const request = carried(values);
    annotate(res, { clientId: request.client_id, flowId: request.flow_id });
    return { request, values, repeated };
  }

  router.get('/oauth/authorize', (req, res) => {
    annotate(res, { kind: 'authorize' });
    const accepted = acceptedRequest(res, req.query);
    if (!accepted) return;
    const { request, values, repeated } = accepted;
    if (!checkResponseType(res, request)) return;
    if (values.state === undefined) {
      addNote(res, 'warn', 'state_missing', 'The authorize request has no state. ChatGPT always sends one; without it the callback fails with "Missing `state` param in response from OAuth provider".');
    }
    if (repeated.length) addNote(res, 'warn', 'parameter_repeated', `Repeated parameters ignored: ${repeated.join(', ')}.`);
    renderLogin(req, res, request, 200);
  });

  router.post(
    '/oauth/authorize',
    express.urlencoded({ limit: bodyLimit, extended: false, parameterLimit: 50 }),
    async (req, res) => {
      annotate(res, { kind: 'login' });
      const accepted = acceptedRequest(res, req.body);
      if (!accepted) return;
      const { request, values } = accepted;
      const settings = context.store.settings.get();
      if (!verifyCsrf(context.formKey, readCookie(req.headers.cookie, csrfCookieName), request, values.csrf)) {
        addNote(res, 'error', 'csrf_failed', 'The sign-in form was not opened from this server in this browser (missing or mismatched CSRF token or cookie), or it was altered.');
        return sendPage(res, 403, errorPage({ title: 'Please start again', problem: 'This sign-in form has expired or did not come from this page.', hint: 'Go back to ChatGPT and choose "Log in" again.' }));
      }
      if (values.decision === 'deny') {
        addNote(res, 'info', 'access_denied', 'The user pressed Deny; ChatGPT receives error=access_denied.');
        return res.redirect(302, redirectTo(request.redirect_uri, { error: 'access_denied', state: request.state }));
      }
      if (!checkResponseType(res, request)) return;

      const email = (values.email ?? '').trim();
      const password = values.password ?? '';
      const attempt = loginAttempt(req, email);
      const refusal = throttle.refusal(attempt);
      if (refusal) {
        addNote(res, 'warn', 'login_throttled', throttledNote(refusal, attempt));
        res.setHeader('Retry-After', String(refusal.retryAfter));
        return renderLogin(req, res, request, 429, { email, error: throttledPageMessage(refusal) });
      }
      const attemptedAt = throttle.recordFailure(attempt);
      const user = email && password ? await context.store.users.verifyCredentials(email, password) : null;
      if (!user) {
        addNote(res, 'warn', 'login_failed', (email ? `Wrong email or password for "${email}".` : 'The form was sent without an email or password.') + unknownAddressHint(attempt));
        return renderLogin(req, res, request, 401, { email, error: 'Wrong email or password.' });
      }
      throttle.recordSuccess(attempt, attemptedAt);
      annotate(res, { userId: user.id, userEmail: user.email });
      const scope = request.scope || settings.scope;
      const { code, record } = context.store.codes.issue({ clientId: request.client_id, userId: user.id, redirectUri: request.redirect_uri, scope, flowId: request.flow_id }, settings.authorizationCodeTtl);
      await context.store.save({ codes: [record] });
      res.setHeader('Cache-Control', 'no-store');
      res.redirect(302, redirectTo(request.redirect_uri, { code, state: request.state }));
    },
  );

  router.use('/oauth/authorize', (error: unknown, _req: Request, res: Response, next: (error?: unknown) => void) => {
    if (!isBodyParserError(error)) return next(error);
    addNote(res, 'error', 'body_unreadable', describeBodyParserError(error));
    sendPage(res, 400, errorPage({ title: 'The sign-in form could not be read', problem: describeBodyParserError(error) }));
  });

}

import type { StepContext } from './check-session';
import { sources } from './check-sources';
import type { CheckSubject } from './check-subject';
import { type LoginForm, readLoginForm } from './login-form';
import { isNgrokWarning, pageProblem } from './response-reading';

/** The user's browser opens the authorize URL: a sign-in page with a form, or the reason there is none. */
export async function openSignIn(step: StepContext, authorizeUrl: string): Promise<LoginForm> {
  const response = await step.send(authorizeUrl, { headers: { Accept: 'text/html' } });
  if (isNgrokWarning(response)) {
    step.fail(
      "The browser gets ngrok's warning page before the sign-in page. Users can click through it; ChatGPT's popup may not. A paid or reserved domain has none.",
      sources.ngrokWarning,
    );
  }
  if (response.status >= 300 && response.status < 400 && response.location) {
    const error = response.location.searchParams.get('error');
    if (error)
      step.fail(
        `The authorization server sent the browser back with error=${error}${response.location.searchParams.get('error_description') ? ` (${response.location.searchParams.get('error_description')})` : ''}.`,
      );
    step.fail(`The authorize URL redirected to ${response.location.href} instead of showing a sign-in page.`);
  }
  if (response.status !== 200) step.fail(`The authorize URL answered ${response.status}: "${pageProblem(response.text)}".`);
  const form = readLoginForm(response.text, response.headers.getSetCookie());
  if (!form.fields.csrf)
    step.fail('The authorize URL answered 200 but not with Handshake’s sign-in form, so the check cannot sign in there.');
  step.detail('The sign-in page opened.');
  return form;
}

/**
 * Signs in on the real form as the chosen user. Handshake keeps only password hashes, so instead of the password the
 * form carries a single-use ticket the core minted for this user (see server/oauth/sign-in-tickets.ts).
 */
export async function submitSignIn(step: StepContext, authorizeUrl: string, form: LoginForm, subject: CheckSubject): Promise<URL> {
  const user = subject.user;
  if (!user) step.fail('There is no user to sign in as: add one under Users (or pass --user with an existing email).');
  const ticket = subject.signInTicket(user.id);
  step.secret(ticket);
  const body = new URLSearchParams({ ...form.fields, email: user.email, sign_in_ticket: ticket, decision: 'allow' }).toString();
  const response = await step.send(new URL('authorize', authorizeUrl).href, {
    method: 'POST',
    body,
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...(form.cookie ? { Cookie: form.cookie } : {}) },
  });
  if (response.status !== 302 || !response.location) {
    step.fail(`The sign-in form answered ${response.status} instead of redirecting back: "${pageProblem(response.text)}".`);
  }
  step.detail(`Signed in as ${user.email}.`);
  const error = response.location.searchParams.get('error');
  if (error)
    step.fail(
      `The redirect back carries error=${error}${response.location.searchParams.get('error_description') ? ` (${response.location.searchParams.get('error_description')})` : ''} instead of a code.`,
      sources.rfc6749Authorize,
    );
  const code = response.location.searchParams.get('code');
  step.secret(code);
  return response.location;
}

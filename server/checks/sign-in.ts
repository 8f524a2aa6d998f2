import type { StepContext } from './check-session';
import { sources } from './check-sources';
import type { CheckSubject } from './check-subject';
import { type LoginForm, readLoginForm } from './login-form';
import { isNgrokWarning, pageProblem } from './response-reading';

/** The sign-in form, and what the browser sends with it once past ngrok's warning page. */
export interface SignInPage extends LoginForm {
  browserHeaders: Record<string, string>;
}

/** These steps are the user's browser, not ChatGPT's server: a tunnel's browser warning shows only to a browser. */
const browser = {
  'User-Agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36',
  Accept: 'text/html,application/xhtml+xml',
};

/** The user's browser opens the authorize URL: a sign-in page with a form, or the reason there is none. */
export async function openSignIn(step: StepContext, authorizeUrl: string): Promise<SignInPage> {
  let headers: Record<string, string> = browser;
  let response = await step.send(authorizeUrl, { headers });
  if (isNgrokWarning(response)) {
    step.warn(
      "The user's browser gets ngrok's warning page before the sign-in page and must click “Visit Site” (the check goes past it with the ngrok-skip-browser-warning header). A paid or reserved domain has none.",
      sources.ngrokWarning,
    );
    headers = { ...browser, 'ngrok-skip-browser-warning': '1' };
    response = await step.send(authorizeUrl, { headers });
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
  return { ...form, browserHeaders: headers };
}

/**
 * Signs in on the real form as the chosen user. Handshake keeps only password hashes, so instead of the password the
 * form carries a single-use ticket the core minted for this user (see server/oauth/sign-in-tickets.ts).
 */
export async function submitSignIn(step: StepContext, authorizeUrl: string, form: SignInPage, subject: CheckSubject): Promise<URL> {
  const user = subject.user;
  if (!user) step.fail('There is no user to sign in as: add one under Users (or pass --user with an existing email).');
  const ticket = subject.signInTicket(user.id);
  step.secret(ticket);
  const body = new URLSearchParams({ ...form.fields, email: user.email, sign_in_ticket: ticket, decision: 'allow' }).toString();
  const response = await step.send(new URL('authorize', authorizeUrl).href, {
    method: 'POST',
    body,
    headers: {
      ...form.browserHeaders,
      'Content-Type': 'application/x-www-form-urlencoded',
      ...(form.cookie ? { Cookie: form.cookie } : {}),
    },
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

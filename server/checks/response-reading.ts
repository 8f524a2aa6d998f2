import type { CheckResponse } from './check-http';
import type { StepContext } from './check-session';
import { sources } from './check-sources';

/** ngrok's interstitial for free domains, served to requests that look like a browser's. */
export function isNgrokWarning(response: CheckResponse): boolean {
  return (
    /text\/html/i.test(response.contentType) &&
    /ngrok/i.test(response.text) &&
    /(ERR_NGROK_6024|browser-warning|You are about to visit)/i.test(response.text)
  );
}

const stripTags = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ')
    .trim();

/** The headline and the problem of an HTML error page, for a reason in plain words. */
export function pageProblem(html: string): string {
  const title = /<h1[^>]*>([\s\S]*?)<\/h1>/i.exec(html)?.[1];
  const alert = /role="alert"[^>]*>([\s\S]*?)<\/div>/i.exec(html)?.[1];
  const parts = [title, alert].filter((part): part is string => Boolean(part)).map(stripTags);
  return parts.length ? parts.join(': ') : stripTags(html).slice(0, 200);
}

/** Fails the step when ChatGPT's server would get HTML (a warning page, a login page) where it expects JSON. */
export function expectJson(step: StepContext, response: CheckResponse, what: string): any {
  if (isNgrokWarning(response)) {
    step.fail(`${what} answered ngrok's browser warning page instead of JSON: ChatGPT cannot read it.`, sources.ngrokWarning);
  }
  if (response.json === undefined) {
    const type = response.contentType || 'no Content-Type';
    step.fail(
      `${what} answered ${response.status} with ${type}, not JSON${/html/i.test(type) ? ` (a page: "${pageProblem(response.text)}")` : ''}.`,
    );
  }
  return response.json;
}

/** An OAuth error body as one phrase: `invalid_grant (code expired)`. */
export function oauthError(response: CheckResponse): string {
  const body = response.json as { error?: unknown; error_description?: unknown } | undefined;
  if (body && typeof body.error === 'string')
    return `${body.error}${typeof body.error_description === 'string' ? ` (${body.error_description})` : ''}`;
  return `${response.status} ${response.text.slice(0, 200)}`;
}

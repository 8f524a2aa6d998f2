import type { CheckResponse } from './check-http';
import type { StepContext } from './check-session';
import { type CheckSource, sources } from './check-sources';
import { challengeParameters } from './mcp-profile';

const accepted = (response: CheckResponse) => response.status >= 200 && response.status < 300;

/** The answer in a few words for a detail line: status, and the challenge's error when there is one. */
export function answerWords(response: CheckResponse): string {
  const error = challengeParameters(response.headers.get('www-authenticate')).error;
  return `${response.status}${error ? ` ${error}` : ''}`;
}

/**
 * A token the server must refuse: accepting it fails the step with `acceptedWords` (what the server does not check);
 * a crash fails it too; a refusal other than 401 with a Bearer challenge passes with a warning, since the token was
 * kept out but clients are told the wrong thing.
 */
export function expectRefused(step: StepContext, response: CheckResponse, acceptedWords: string, source: CheckSource): void {
  if (accepted(response)) step.fail(`Your server accepted it (${response.status}): ${acceptedWords}`, source);
  if (response.status >= 500)
    step.fail(
      `Your server answered ${response.status}: a bad token made it fail instead of being refused with 401 invalid_token.`,
      sources.rfc6750Errors,
    );
  const challenge = response.headers.get('www-authenticate');
  if (response.status !== 401) {
    step.warn(
      `Refused, but with ${response.status}: RFC 6750 answers a bad token with 401 invalid_token, and MCP clients sign in again only on a 401.`,
      sources.rfc6750Errors,
    );
  } else if (!challenge || !/^bearer\b/i.test(challenge)) {
    step.warn('Refused with 401, but without a WWW-Authenticate: Bearer challenge (RFC 6750 §3).', sources.rfc6750);
  }
  step.detail(`Refused: ${answerWords(response)}.`);
}

/** Whether the answer let the request in. */
export const wasAccepted = accepted;

import { constantTimeEqual } from '../../crypto/random-token';
import type { Diagnosis } from './diagnosis';

const placeholderPattern =
  /^(?:x+|\.+|-+|\*+|todo|tbd|none|null|undefined|changeme|change[-_ ]?me|placeholder|replace[-_ ]?me|your[-_ ].*|<.*>|\{\{.*\}\}|\$\{.*\}|verification[-_ ]?token|token|openai|example|test|dummy)$/i;

export function isPlaceholderToken(token: string): boolean {
  return placeholderPattern.test(token.trim());
}

function servedManifest(kind: string, status: number): boolean {
  return kind === 'manifest' && status >= 200 && status < 300;
}

/** The manifest went out without the token ChatGPT's wizard shows: "Verify tokens" will fail. */
export const verificationTokenMissing: Diagnosis = (exchange) => {
  if (!servedManifest(exchange.kind, exchange.status)) return null;
  const token = exchange.settings.verificationToken.trim();
  if (token === '') {
    return {
      level: 'warn',
      code: 'verification_token_missing',
      message:
        'The manifest was served without a verification token. After you enter the client ID and secret, ' +
        'ChatGPT\'s wizard shows a token: paste it into Handshake\'s settings before pressing "Verify tokens".',
    };
  }
  if (isPlaceholderToken(token)) {
    return {
      level: 'warn',
      code: 'verification_token_placeholder',
      message:
        `The manifest was served with the verification token "${token}", which looks like a placeholder. ` +
        "Paste the token ChatGPT's install wizard shows.",
    };
  }
  return null;
};

/** The verification token is public (it is in the manifest); equal to the client secret means one was pasted as the other. */
export const verificationTokenIsClientSecret: Diagnosis = (exchange) => {
  if (!servedManifest(exchange.kind, exchange.status)) return null;
  const token = exchange.settings.verificationToken.trim();
  const secret = exchange.secrets.classicSecret;
  if (token === '' || secret === '' || !constantTimeEqual(token, secret)) return null;
  return {
    level: 'error',
    code: 'verification_token_is_client_secret',
    message:
      'The verification token equals the client secret, and the manifest is public: the secret has just been ' +
      "published. One was pasted in place of the other — rotate the client secret and paste ChatGPT's " +
      'verification token into the settings.',
  };
};

import { fingerprint } from '../crypto/fingerprint';
import { matchesExpected } from '../crypto/random-token';
import { clientSecretMatchesText } from './client-secret-mask';

export { clientSecretMatchesText };

/** What the traffic layer asks about client secrets; the client registry answers (it knows every client's). */
export interface ClientSecrets {
  /** The classic client's secret, masked wherever it appears. */
  readonly classicSecret: string;
  /** "matches …" or "does not match …" for a secret presented for `clientId` (the classic client when not given or unknown). */
  verdict(clientId: string | undefined, readings: string[]): string;
}

/** The client secret as the log shows it: fingerprint plus whether it is the right one. */
export function maskedClientSecret(readings: string | string[], secrets: ClientSecrets, clientId: string | undefined): string {
  const all = typeof readings === 'string' ? [readings] : readings;
  return `${fingerprint(all[0] ?? '')} (${secrets.verdict(clientId, all)})`;
}

/** One fixed classic secret and no registry: for a recorder used outside the core (benchmarks, tests of the traffic layer). */
export function fixedClientSecret(secret: string): ClientSecrets {
  return {
    classicSecret: secret,
    verdict: (_clientId, readings) =>
      secret !== '' && readings.some((reading) => matchesExpected(reading, secret))
        ? clientSecretMatchesText
        : 'does not match the configured client secret',
  };
}

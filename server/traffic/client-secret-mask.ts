import { fingerprint } from '../crypto/fingerprint';

export const clientSecretMatchesText = 'matches the configured client secret';

/** How the traffic log shows the configured client secret wherever it masked it (no Node-only imports). */
export function configuredSecretMask(secret: string): string {
  return `${fingerprint(secret)} (${clientSecretMatchesText})`;
}

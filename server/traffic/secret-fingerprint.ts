import { timingSafeEqual } from 'node:crypto';
import { fingerprint, sha256Digest as digest } from '../crypto/random-token';

/** The configured secret changes rarely and is compared on every exchange: keep its digest. */
let configuredDigest: { secret: string; digest: Buffer } | null = null;

function equalsConfigured(presented: string, configured: string): boolean {
  if (configuredDigest?.secret !== configured) configuredDigest = { secret: configured, digest: digest(configured) };
  return timingSafeEqual(digest(presented), configuredDigest.digest) && presented.length === configured.length;
}

/** `readings`: the secret as presented, plus other plausible decodings of it (see BasicCredentials). */
export function clientSecretMatches(readings: string | string[], configured: string): boolean {
  if (configured === '') return false;
  let matches = false;
  for (const reading of typeof readings === 'string' ? [readings] : readings) {
    if (equalsConfigured(reading, configured)) matches = true;
  }
  return matches;
}

export const clientSecretMatchesText = 'matches the configured client secret';

export function clientSecretVerdict(readings: string | string[], configured: string): string {
  return clientSecretMatches(readings, configured) ? clientSecretMatchesText : 'does not match the configured client secret';
}

/** The client secret as the log shows it: fingerprint plus whether it is the right one. */
export function maskedClientSecret(readings: string | string[], configured: string): string {
  const shown = typeof readings === 'string' ? readings : (readings[0] ?? '');
  return `${fingerprint(shown)} (${clientSecretVerdict(readings, configured)})`;
}

/**
 * How a presented secret differs from the configured one, without revealing either: fingerprints (the last four
 * characters) are equal whenever the secrets differ earlier, so they alone would contradict themselves.
 */
export function describeSecretDifference(presented: string, configured: string, wasPreviousSecret: boolean): string {
  if (wasPreviousSecret) return 'it is the secret from before the last rotation or change: enter the current one';
  if (presented.trim() === configured) return 'it has extra whitespace at the start or end (a copy-paste slip)';
  if (presented.length !== configured.length) {
    return `it is ${presented.length} characters long; the configured secret is ${configured.length}`;
  }
  let at = 0;
  while (at < presented.length && presented[at] === configured[at]) at++;
  return `same length, but it differs from character ${at + 1} on`;
}

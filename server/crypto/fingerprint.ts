// No Node-only imports: the dashboard's browser tests bundle what reads it.

/** What the UI and the traffic log show in place of a secret: its last 4 characters, or nothing when it is too short to spare them. */
export function fingerprint(secret: string): string {
  return secret.length >= 8 ? `•••• ${secret.slice(-4)}` : '••••';
}

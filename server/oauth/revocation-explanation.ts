const reasons: Record<string, string> = {
  user_deleted: 'the user it was issued to has been removed.',
  code_reused: 'its authorization code was presented a second time.',
  refresh_token_reuse: 'a refresh token that had already been rotated out was presented again.',
  revoked_by_client: 'the client revoked it (RFC 7009 revocation endpoint).',
  revoked_by_developer: 'it was revoked from Handshake (dashboard or control API).',
};

/** Plain words for a grant's revokedReason. */
export function revocationExplanation(reason: string | null): string {
  return (reason && reasons[reason]) ?? 'it was revoked.';
}

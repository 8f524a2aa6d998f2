import { journalLostReason } from '../store/unapplied-journal';

const reasons: Record<string, string> = {
  user_deleted: 'the user it was issued to has been removed.',
  code_reused: 'its authorization code was presented a second time.',
  refresh_token_reuse: 'a refresh token that had already been rotated out was presented again.',
  revoked_by_client: 'the client revoked it (RFC 7009 revocation endpoint).',
  server_check: 'it was a probe token of Handshake’s server check, revoked when the check ended.',
  revoked_by_developer: 'it was revoked from Handshake (dashboard or control API).',
  [journalLostReason]:
    'a change to it in the store journal could not be applied at start (a damaged journal), so its tokens could no longer be trusted.',
};

/** Plain words for a grant's revokedReason. */
export function revocationExplanation(reason: string | null): string {
  return (reason && reasons[reason]) ?? 'it was revoked.';
}

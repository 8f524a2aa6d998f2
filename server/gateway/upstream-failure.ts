/** Why a request could not be forwarded to the developer's API, in plain words. */
export interface UpstreamFailure {
  /** 'refused' | 'not_found' | 'timeout' | 'reset' | 'other' */
  reason: 'refused' | 'not_found' | 'timeout' | 'reset' | 'other';
  upstream: string;
  /** For the client (502 body) and the traffic log note. */
  message: string;
}

export function describeUpstreamFailure(
  error: NodeJS.ErrnoException,
  upstream: string,
  options: { timedOut: boolean; timeoutMs: number; subject?: string },
): UpstreamFailure {
  const subject = options.subject ?? 'API';
  if (options.timedOut) {
    return {
      reason: 'timeout',
      upstream,
      message: `Your ${subject} at ${upstream} did not answer within ${formatSeconds(options.timeoutMs)}. Check that it is not stuck; ChatGPT gives up after 45 seconds.`,
    };
  }
  switch (error.code) {
    case 'ECONNREFUSED':
      return {
        reason: 'refused',
        upstream,
        message: `Nothing is listening at ${upstream} (connection refused). Start your ${subject}, or fix the upstream address in Handshake's settings.`,
      };
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return {
        reason: 'not_found',
        upstream,
        message: `The host of ${upstream} could not be found. Check the upstream address in Handshake's settings.`,
      };
    case 'ETIMEDOUT':
    case 'ENETUNREACH':
    case 'EHOSTUNREACH':
      return {
        reason: 'timeout',
        upstream,
        message: `Your ${subject} at ${upstream} could not be reached (${error.code}). Check that it runs and that the address is right.`,
      };
    case 'ECONNRESET':
    case 'EPIPE':
      return {
        reason: 'reset',
        upstream,
        message: `Your ${subject} at ${upstream} closed the connection without answering. Check its log for a crash.`,
      };
    default:
      return {
        reason: 'other',
        upstream,
        message: `Forwarding to your ${subject} at ${upstream} failed: ${error.message || error.code || 'unknown error'}.`,
      };
  }
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} seconds` : `${(ms / 1000).toFixed(1)} seconds`;
}

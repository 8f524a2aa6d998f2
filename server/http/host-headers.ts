/**
 * How many Host header lines the request carried. Node folds duplicates into one `req.headers.host` (keeping the
 * first), so a second Host is visible only in rawHeaders. RFC 9112 §3.2: a request with more than one is invalid.
 */
export function hostHeaderCount(rawHeaders: readonly string[]): number {
  let count = 0;
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i];
    if (name.length === 4 && name.toLowerCase() === 'host') count++;
  }
  return count;
}

export const repeatedHostMessage = 'The request has more than one Host header (RFC 9112 §3.2 requires exactly one).';

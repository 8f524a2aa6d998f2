/** `Authorization: Basic` as RFC 6749 §2.3.1 says: id and secret form-encoded, then base64 of `id:secret`. */
export function basicAuthorization(clientId: string, secret: string): string {
  const encode = (part: string) => encodeURIComponent(part).replace(/%20/g, '+');
  return `Basic ${Buffer.from(`${encode(clientId)}:${encode(secret)}`).toString('base64')}`;
}

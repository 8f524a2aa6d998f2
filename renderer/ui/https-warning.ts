/** ChatGPT reaches plugins and their OAuth servers over https only: an http:// URL is worth a word before it is saved. */
export function httpWarning(url: string, what: string): string | null {
  return /^http:\/\//i.test(url.trim()) ? `${what} is http:// — ChatGPT needs https (a tunnel or a reverse proxy with TLS).` : null;
}

/** Characters of token-like secrets (codes, tokens, most client secrets) that free-text search can find by lookup. */
const tokenLike = /^[A-Za-z0-9._~-]+$/;
const minLength = 6;
const candidatePattern = /[A-Za-z0-9._~-]{6,}/g;

/** Lookup table of the token-like characters (the class above), by char code. */
const tokenCharacter = new Uint8Array(128);
for (const character of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._~-') tokenCharacter[character.charCodeAt(0)] = 1;

/**
 * Masks of secrets seen in recent exchanges (in memory only, never persisted), so a secret from one request that
 * shows up in another one's free text — a code quoted in a later error message — is masked there too.
 * Bounded: the oldest are forgotten first.
 */
export class RecentSecrets {
  private readonly masks = new Map<string, string>();

  constructor(private readonly capacity = 1000) {}

  remember(secret: string, mask: string): void {
    if (this.masks.get(secret) === mask || !tokenLike.test(secret)) return;
    this.masks.delete(secret);
    this.masks.set(secret, mask);
    if (this.masks.size > this.capacity) this.masks.delete(this.masks.keys().next().value as string);
  }

  /** Replaces every token-like word of `text` that is a remembered secret. */
  mask(text: string): string {
    if (this.masks.size === 0 || text.length < minLength) return text;
    // A field value is often one word (a token, an id): look it up whole instead of scanning.
    if (tokenLike.test(text)) return this.masks.get(text) ?? text;
    // Most texts hold no remembered secret: find that out without a regular expression or an array of words.
    if (!this.holdsRememberedWord(text)) return text;
    return text.replace(candidatePattern, (word) => this.masks.get(word) ?? word);
  }

  private holdsRememberedWord(text: string): boolean {
    let start = -1;
    for (let index = 0; index <= text.length; index++) {
      const code = index < text.length ? text.charCodeAt(index) : 0;
      if (code < 128 && tokenCharacter[code] === 1) {
        if (start < 0) start = index;
      } else if (start >= 0) {
        if (index - start >= minLength && this.masks.has(text.slice(start, index))) return true;
        start = -1;
      }
    }
    return false;
  }
}

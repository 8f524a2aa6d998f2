/** Characters of token-like secrets (codes, tokens, most client secrets) that free-text search can find by lookup. */
const tokenLike = /^[A-Za-z0-9._~-]+$/;
const minLength = 6;
const candidatePattern = /[A-Za-z0-9._~-]{6,}/g;

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
    // Most texts hold no remembered secret: find that out without building a new string.
    const words = text.match(candidatePattern);
    if (words === null || !words.some((word) => this.masks.has(word))) return text;
    return text.replace(candidatePattern, (word) => this.masks.get(word) ?? word);
  }
}

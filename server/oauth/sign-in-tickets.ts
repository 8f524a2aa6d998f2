import { randomToken, sha256 } from '../crypto/random-token';

const ticketLifetimeMs = 60_000;
const maxOpen = 100;

/**
 * Lets Handshake's own check ("Test as ChatGPT") sign in through the real login form. Handshake keeps only password
 * hashes, so the check cannot type a user's password; instead the core mints a ticket for the chosen user, which
 * the login form POST accepts in place of the password exactly once, within a minute. Tickets live only in this
 * process's memory (stored as hashes), are minted only by core code (no route, public or control, hands one out on
 * request), and carry 256 random bits: outside the core there is nothing to obtain and nothing worth guessing.
 */
export class SignInTickets {
  private readonly open = new Map<string, { userId: string; expiresAt: number }>();

  mint(userId: string, now = Date.now()): string {
    for (const [hash, ticket] of this.open) if (ticket.expiresAt <= now) this.open.delete(hash);
    if (this.open.size >= maxOpen) this.open.delete(this.open.keys().next().value!);
    const ticket = randomToken('hst_');
    this.open.set(sha256(ticket), { userId, expiresAt: now + ticketLifetimeMs });
    return ticket;
  }

  /** The user the ticket was minted for; the ticket is spent either way. Null when unknown, spent or expired. */
  redeem(ticket: string, now = Date.now()): string | null {
    const hash = sha256(ticket);
    const found = this.open.get(hash);
    this.open.delete(hash);
    if (!found || found.expiresAt <= now) return null;
    return found.userId;
  }
}

/** What the check knows of the Handshake it runs in: the classic client, the user to sign in as, a way to sign in. */
export interface CheckSubject {
  /** The classic plugin client (what the developer types into ChatGPT's wizard or the GPT editor). */
  classicClient: { id: string; secret: string };
  /** The verification token ChatGPT showed, as the developer gave it (Settings, or the run's input). */
  verificationToken: string;
  /** The user to sign in as; null when there is none. */
  user: { id: string; email: string } | null;
  /** A single-use sign-in ticket for the user, accepted only by the login form (server/oauth/sign-in-tickets.ts). */
  signInTicket(userId: string): string;
}

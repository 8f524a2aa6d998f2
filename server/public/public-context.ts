import { randomBytes } from 'node:crypto';
import type { Request } from 'express';
import { FaultQueue } from '../faults/fault-queue';
import { RateLimit } from '../http/rate-limit';
import { ClientRegistry } from '../oauth/clients/client-registry';
import { ConnectFlows } from '../oauth/connect-flows';
import type { KeyStore } from '../oauth/keys/key-store';
import { SignInTickets } from '../oauth/sign-in-tickets';
import type { Store } from '../store/store';
import { LoginThrottle } from './login-throttle';

/** What the public listener's routes share. */
export interface PublicContext {
  store: Store;
  /** Every OAuth client: endpoints find and authenticate clients only through it. */
  clients: ClientRegistry;
  /** The keys that sign JWT access tokens and id_tokens, published as the JWKS. */
  keys: KeyStore;
  /** Ties an MCP connect's discovery, registration and authorization into one traffic flow. */
  connectFlows: ConnectFlows;
  faults: FaultQueue;
  /** The public origin for this request (tunnel, configured URL, forwarded headers or Host); also the issuer, exactly. */
  baseUrl(req: Request): string;
  /** Per-process key for CSRF tokens on the login form. */
  formKey: Buffer;
  /** Single-use sign-ins for Handshake's own check ("Test as ChatGPT"), minted only by the core. */
  signInTickets: SignInTickets;
  /** Slows password guessing on the login form (per account and address, per address, per account from everywhere). */
  loginThrottle: LoginThrottle;
  /** Dynamic registrations per client address: anyone on the internet can register, so not without limit. */
  registrationLimit: RateLimit;
}

/** RFC 7591 registrations allowed per client address and minute. */
export const registrationsPerMinute = 20;

/** A context over `store`: what is not given is made fresh (a new form key, no faults, no tickets, no open connects). */
export function createPublicContext(given: Pick<PublicContext, 'store' | 'baseUrl' | 'keys'> & Partial<PublicContext>): PublicContext {
  return {
    clients: new ClientRegistry(given.store),
    connectFlows: new ConnectFlows(),
    faults: new FaultQueue(),
    formKey: randomBytes(32),
    signInTickets: new SignInTickets(),
    loginThrottle: new LoginThrottle(),
    registrationLimit: new RateLimit(registrationsPerMinute, 60_000),
    ...given,
  };
}

import { hostProfile } from '../hosts/host-profiles';
import type { CheckProfile } from './check-run';

/** Who a profile plays, by name: ChatGPT for classic and mcp, the host for a host, Handshake for the server check. */
export function checkPlayer(profile: CheckProfile): string {
  if (profile === 'classic' || profile === 'mcp') return 'ChatGPT';
  return profile === 'server' ? 'Handshake' : hostProfile(profile).name;
}

import { hostProfile } from '../hosts/host-profiles';
import type { CheckProfile } from './check-run';

/** Who a profile plays, by name: ChatGPT for classic and mcp, else the host. */
export function checkPlayer(profile: CheckProfile): string {
  return profile === 'classic' || profile === 'mcp' ? 'ChatGPT' : hostProfile(profile).name;
}

import type { HostSetup, McpHostId, RegistrationMethod } from './host-profile';
import { hostProfiles } from './host-profiles';
import { simulatedHosts } from './simulated-hosts';

/** A host as the control API describes it to Setup (plain JSON: no patterns). */
export interface HostView {
  id: McpHostId;
  name: string;
  registration: RegistrationMethod[];
  /** The metadata document URL it uses, if any. */
  cimdClientId: string | null;
  redirectUri: string;
  setup: HostSetup;
  /** Whether "Test as" can play it. */
  testable: boolean;
  source: string;
}

export function hostViews(): HostView[] {
  return hostProfiles.map((host) => ({
    id: host.id,
    name: host.name,
    registration: [...host.registration],
    cimdClientId: host.connect.cimdClientId,
    redirectUri: host.connect.redirectUri,
    setup: host.setup,
    testable: (simulatedHosts as readonly string[]).includes(host.id),
    source: host.source,
  }));
}

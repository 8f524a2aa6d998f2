import { describe, expect, it } from 'vitest';
import { mcpHostIds, mcpHostNames } from '../../renderer/state/host-names';
import { hostProfiles } from '../../server/hosts/host-profiles';

describe('the renderer’s copy of the host names', () => {
  it('names every host profile, in the profiles’ order', () => {
    expect(mcpHostIds).toEqual(hostProfiles.map((host) => host.id));
    for (const host of hostProfiles) expect(mcpHostNames[host.id]).toBe(host.name);
  });
});

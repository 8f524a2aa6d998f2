import { kindOptions } from '../../renderer/views/traffic/traffic-filter';
import { trafficKinds } from '../../server/traffic/traffic-entry';

// The renderer keeps a copy of the traffic kinds (ARCHITECTURE: contract constants): a new kind must reach the filter.
describe('the Traffic filter’s kinds', () => {
  it('are the core’s, in order', () => {
    expect([...kindOptions]).toEqual([...trafficKinds]);
  });
});

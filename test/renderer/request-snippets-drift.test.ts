import { requestOf } from '../../renderer/views/traffic/request-snippets';
import { recordedRequest } from '../../server/traffic/traffic-replay';
import { installFlow, makeEntry } from './fake-control-api';

// The renderer keeps a zod-free copy of how a recorded request is rebuilt (ARCHITECTURE: contract constants): the
// copies the dashboard shows must be what Replay sends.
describe('the renderer’s copy of a recorded request', () => {
  it('is the core’s, for every entry of an install and for one with repeated query parameters', () => {
    const entries = [
      ...installFlow(),
      makeEntry({
        path: '/search',
        query: { tag: ['a', 'b'], q: 'x y' },
        request: { headers: { host: 'h', 'x-handshake-replay': 'r', accept: '*/*' }, body: null },
      }),
    ];
    for (const entry of entries) expect(requestOf(entry), entry.path).toEqual(recordedRequest(entry));
  });
});

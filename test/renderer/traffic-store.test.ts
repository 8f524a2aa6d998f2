import { EventHub } from '../../renderer/state/event-hub';
import { TrafficStore } from '../../renderer/state/traffic-store';
import { FakeControlApi, makeEntry } from './fake-control-api';

async function settled(store: TrafficStore) {
  await vi.waitFor(() => expect(store.getSnapshot().loading).toBe(false));
  await new Promise((resolve) => queueMicrotask(() => resolve(undefined)));
}

describe('TrafficStore', () => {
  it('subscribes before it fetches the snapshot', async () => {
    const api = new FakeControlApi();
    const store = new TrafficStore(api, new EventHub(api));
    store.subscribe(() => {});
    await settled(store);
    expect(api.calls.map((c) => c.method).slice(0, 2)).toEqual(['subscribe', 'listTraffic']);
  });

  it('replaces a row pushed again with the same id', async () => {
    const api = new FakeControlApi();
    const store = new TrafficStore(api, new EventHub(api));
    store.subscribe(() => {});
    await settled(store);
    const entry = makeEntry({ status: 200 });
    api.receive(entry);
    api.receive({ ...entry, status: 502 });
    await settled(store);
    expect(store.getSnapshot().entries.map((r) => r.status)).toEqual([502]);
    expect(store.cached(entry.id)?.status).toBe(502);
  });

  it('lets the oldest rows go past the ring size', async () => {
    const api = new FakeControlApi();
    const store = new TrafficStore(api, new EventHub(api));
    store.subscribe(() => {});
    await settled(store);
    store.setLimit(100);
    const ids: string[] = [];
    for (let i = 0; i < 150; i++) {
      const entry = makeEntry();
      ids.push(entry.id);
      api.receive(entry);
    }
    await settled(store);
    const rows = store.getSnapshot().entries;
    expect(rows.length).toBeGreaterThanOrEqual(100);
    expect(rows.length).toBeLessThanOrEqual(110);
    expect(rows.at(-1)!.id).toBe(ids.at(-1));
    expect(rows[0].id).not.toBe(ids[0]);
    api.receive({ ...makeEntry(), id: rows[0].id, status: 418 });
    await settled(store);
    expect(store.getSnapshot().entries.find((r) => r.id === rows[0].id)?.status).toBe(418);
  });

  it('empties on traffic-cleared and keeps the load error to show', async () => {
    const api = new FakeControlApi();
    api.traffic.push(makeEntry());
    api.failNext.listTraffic = Object.assign(new Error('history unreadable'), { code: 'failed' });
    const store = new TrafficStore(api, new EventHub(api));
    store.subscribe(() => {});
    await settled(store);
    expect(store.getSnapshot().error?.message).toBe('history unreadable');
    store.reload();
    await settled(store);
    expect(store.getSnapshot().entries).toHaveLength(1);
    await api.clearTraffic();
    await settled(store);
    expect(store.getSnapshot().entries).toHaveLength(0);
  });
});

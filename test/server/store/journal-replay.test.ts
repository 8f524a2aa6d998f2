import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import type { GrantRotation } from '../../../server/store/grant-rotation';
import { JournalReplay } from '../../../server/store/journal-replay';
import type { GrantRecord, StoreData } from '../../../server/store/records';
import { openStore, type Store } from '../../../server/store/store';

/**
 * A rotation applies only on top of the grant state it was made from. Applied twice, out of order, after a lost one
 * or to a grant that is not there, it is refused and leaves the data as it was, whole entry included.
 */

const ttl = { access: 3600, refresh: 86_400 };
let dataDir: string;
let store: Store;
/** The grant before any rotation, then after each. */
let states: GrantRecord[];
let rotations: GrantRotation[];

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'handshake-replay-'));
  store = await openStore(dataDir, { log: () => undefined });
  const owner = await store.users.create({ email: 'replay@example.com', password: 'replay-password-1', name: 'Replay' });
  const grant = store.grants.issue({ clientId: store.client.id, userId: owner.id, scope: '', flowId: 'flw_replay' }, ttl).grant;
  states = [structuredClone(grant)];
  rotations = [];
  for (let i = 0; i < 3; i++) {
    rotations.push(store.grants.rotate(grant, ttl).rotation);
    states.push(structuredClone(grant));
  }
});

afterEach(async () => {
  await store.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Data holding the grant as it was after `applied` rotations. */
function dataAt(applied: number): StoreData {
  return { grants: [structuredClone(states[applied])], codes: [] } as unknown as StoreData;
}

test('rotations in order rebuild the live grant', () => {
  const data = dataAt(0);
  const replay = new JournalReplay(data);
  for (const rotation of rotations) expect(replay.apply({ rotations: [rotation] })).toBeNull();
  expect(data.grants[0]).toEqual(states[3]);
});

test('a rotation applied twice is refused the second time; the grant stays as after the first', () => {
  const data = dataAt(0);
  const replay = new JournalReplay(data);
  expect(replay.apply({ rotations: [rotations[0]] })).toBeNull();
  expect(replay.apply({ rotations: [rotations[0]] })).toMatch(/from a refresh token that is not the grant's current one/);
  expect(data.grants[0]).toEqual(states[1]);
});

test('a rotation already in the data (older than the snapshot) is refused, not applied again', () => {
  const data = dataAt(2);
  expect(new JournalReplay(data).apply({ rotations: [rotations[1]] })).toMatch(/not the grant's current one/);
  expect(data.grants[0]).toEqual(states[2]);
});

test('rotations out of order, or after a lost one, are refused', () => {
  const data = dataAt(0);
  const replay = new JournalReplay(data);
  expect(replay.apply({ rotations: [rotations[1]] })).toMatch(/not the grant's current one/);
  expect(replay.apply({ rotations: [rotations[2]] })).toMatch(/not the grant's current one/);
  expect(data.grants[0]).toEqual(states[0]);
});

test('a rotation of a grant the data does not hold is refused', () => {
  const data = dataAt(0);
  const stray = { ...rotations[0], grantId: 'grt_nowhere' };
  expect(new JournalReplay(data).apply({ rotations: [stray] })).toBe('it rotates grant grt_nowhere, which the data does not hold');
  expect(data.grants[0]).toEqual(states[0]);
});

test('an entry is applied whole or not at all: two rotations that follow each other apply, a bad second one stops both', () => {
  const both = dataAt(0);
  expect(new JournalReplay(both).apply({ rotations: [rotations[0], rotations[1]] })).toBeNull();
  expect(both.grants[0]).toEqual(states[2]);

  const none = dataAt(0);
  const code = {
    codeHash: 'c',
    clientId: 'x',
    userId: 'u',
    redirectUri: 'r',
    scope: '',
    flowId: 'f',
    createdAt: '',
    expiresAt: '',
    usedAt: null,
    grantId: null,
    codeChallenge: null,
    resources: [],
    nonce: null,
    authTime: null,
  };
  expect(new JournalReplay(none).apply({ codes: [code], rotations: [rotations[0], rotations[2]] })).toMatch(/not the grant's current one/);
  expect(none.grants[0]).toEqual(states[0]);
  expect(none.codes).toEqual([]);
});

import { afterAll, beforeAll } from 'vitest';
import type { UserView } from '../../../server/store/records';
import type { TrafficEntry, TrafficNote } from '../../../server/traffic/traffic-entry';
import { ChatGptClient, type ChatGptClientOptions, chatGptPluginCallback } from '../../chatgpt-simulator/chatgpt-client';
import { startTestCore, type TestCore, type TestCoreOptions } from './test-core';

/** Credentials a test knows in full, so it can also grep for them. */
export const knownClient = { id: 'integration-plugin', secret: 'cs_integration_SECRET_0123456789abcdef' } as const;
export const knownUser = { email: 'ann@example.com', password: 'correct horse battery staple', name: 'Ann Example' } as const;

export interface PluginFixture extends TestCore {
  /** ChatGPT configured with the known client, sending JSON token requests with the secret in the body. */
  gpt: ChatGptClient;
  /** The known user, created through POST /api/users. */
  user: UserView & { password: string };
  /** Another ChatGPT client against the same listener and callback (wrong secret, Basic header, form encoding, …). */
  chatGpt(options?: Partial<ChatGptClientOptions>): ChatGptClient;
  /** Adds a user through the control API. */
  addUser(email: string, password?: string, name?: string): Promise<UserView & { password: string }>;
}

/** A running core configured the way the seed's developer would: known client credentials and one user. */
export async function startPluginFixture(options: TestCoreOptions = {}): Promise<PluginFixture> {
  const core = await startTestCore({ client: { ...knownClient }, ...options });
  const redirectUri = chatGptPluginCallback();
  const chatGpt = (overrides: Partial<ChatGptClientOptions> = {}) =>
    new ChatGptClient({ publicUrl: core.publicUrl, clientId: knownClient.id, clientSecret: knownClient.secret, redirectUri, ...overrides });
  const addUser = async (email: string, password = 'a long enough password', name = email.split('@')[0]) => {
    const created = await core.api.call<UserView>('POST', '/api/users', { email, password, name });
    return { ...created, password };
  };
  try {
    const user = await addUser(knownUser.email, knownUser.password, knownUser.name);
    return { ...core, gpt: chatGpt(), user, chatGpt, addUser };
  } catch (error) {
    await core.close();
    throw error;
  }
}

/**
 * One plugin fixture for the whole file: started in beforeAll, closed in afterAll. The returned object stands for
 * the running fixture (a proxy, so it can be declared at the top of the file) and throws if used before it started.
 */
export function usePluginFixture(options: TestCoreOptions = {}): PluginFixture {
  let running: PluginFixture | undefined;
  beforeAll(async () => {
    running = await startPluginFixture(options);
  });
  afterAll(async () => {
    await running?.close();
  });
  return new Proxy({} as PluginFixture, {
    get(_target, property) {
      if (!running) throw new Error(`plugin fixture used before beforeAll started it (reading ${String(property)})`);
      return Reflect.get(running, property);
    },
  });
}

/** The entry's note with `code`; fails the test with the notes it does have. */
export function noteOf(entry: TrafficEntry, code: string): TrafficNote {
  const note = entry.notes.find((candidate) => candidate.code === code);
  if (!note)
    throw new Error(
      `entry ${entry.kind} ${entry.method} ${entry.path} (${entry.status}) has no note "${code}"; notes: ${JSON.stringify(entry.notes)}`,
    );
  return note;
}

import type { Store } from '../store/store';
import type { ConfigFile } from './config-file';

/** Applies a config file to the store: settings and client replaced, users upserted by email. */
export async function applyConfig(store: Store, config: ConfigFile): Promise<void> {
  const { client, users, manifest, ...settings } = config;
  store.settings.update({ ...settings, ...(manifest ? { manifest } : {}) });
  if (client) store.client.set(client.id, client.secret);
  for (const user of users ?? []) {
    const existing = store.users.byEmail(user.email);
    if (existing) await store.users.update(existing, { password: user.password, name: user.name });
    else await store.users.create({ email: user.email, password: user.password, name: user.name ?? '' });
  }
  await store.save();
}

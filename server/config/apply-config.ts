import { ClientRegistry } from '../oauth/clients/client-registry';
import type { Store } from '../store/store';
import type { ConfigFile } from './config-file';

/** Applies a config file to the store: settings and client replaced, users upserted by email, clients by id. */
export async function applyConfig(store: Store, config: ConfigFile): Promise<void> {
  const { client, users, clients, manifest, ...settings } = config;
  store.settings.update({ ...settings, ...(manifest ? { manifest } : {}) });
  if (client) store.client.set(client.id, client.secret);
  for (const user of users ?? []) {
    const existing = store.users.byEmail(user.email);
    if (existing) await store.users.update(existing, { password: user.password, name: user.name });
    else await store.users.create({ email: user.email, password: user.password, name: user.name ?? '' });
  }
  const registry = new ClientRegistry(store);
  for (const added of clients ?? []) {
    const method = added.tokenEndpointAuthMethod ?? 'client_secret_basic';
    await registry.register(
      {
        client_name: added.name,
        redirect_uris: added.redirectUris,
        token_endpoint_auth_method: method,
        grant_types: ['authorization_code', 'refresh_token'],
      },
      'manual',
      { id: added.id, secret: added.secret },
    );
  }
  await store.save();
}

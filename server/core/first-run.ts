import { randomBytes } from 'node:crypto';
import type { Store } from '../store/store';

export const demoUserEmail = 'demo@handshake.local';

/** First start with nothing configured: a client ID/secret exist already; add a demo user and say where to look. */
export async function firstRunSetup(store: Store, log: (line: string) => void): Promise<void> {
  if (store.users.list().length === 0) {
    const password = randomBytes(9).toString('base64url');
    await store.users.create({ email: demoUserEmail, password, name: 'Demo User' });
    await store.save();
    log(
      `First start: created a demo user ${demoUserEmail} with password ${password} (shown once; change it in the dashboard's Users view).`,
    );
  } else {
    await store.save();
  }
  log(
    `First start: generated client ID ${store.client.id}; the secret is in the dashboard (Setup) or GET /api/client. Store: ${store.file}`,
  );
}

import { afterAll, beforeAll } from 'vitest';
import { CimdFetcher } from '../../../server/oauth/clients/cimd-fetcher';
import { CimdDocumentServer, testCa } from '../support/cimd-document-server';
import { knownUser, type PluginFixture, startPluginFixture } from '../support/plugin-fixture';

export interface HostsFixture {
  plugin: PluginFixture;
  /** Serves documents and key sets on loopback (https, test CA): the one place the core may fetch from. */
  documents: CimdDocumentServer;
  mcpUrl: string;
  user: { email: string; password: string };
}

/**
 * A core that cannot reach the internet, as on a plane or behind a firewall: only the loopback document server is
 * allowed (every public address is refused by the fetcher's guard, and without network DNS fails first anyway).
 */
export function offlineCimdFetcher(): CimdFetcher {
  return new CimdFetcher({ ca: testCa, addressAllowed: (address) => address === '127.0.0.1' || address === '::1', timeoutMs: 2000 });
}

export function useHostsFixture(): HostsFixture {
  const fixture = {} as HostsFixture;
  beforeAll(async () => {
    fixture.documents = await new CimdDocumentServer().start();
    fixture.plugin = await startPluginFixture({ core: { cimdFetcher: offlineCimdFetcher() } });
    fixture.mcpUrl = `${fixture.plugin.publicUrl}/mcp`;
    fixture.user = { email: knownUser.email, password: knownUser.password };
  });
  afterAll(async () => {
    await fixture.plugin?.close();
    await fixture.documents?.close();
  });
  return fixture;
}

import { afterAll, beforeAll } from 'vitest';
import { McpOAuthClient } from '../../chatgpt-simulator/mcp-oauth-client';
import { CimdDocumentServer, loopbackCimdFetcher } from '../support/cimd-document-server';
import { knownUser, type PluginFixture, startPluginFixture } from '../support/plugin-fixture';

export interface McpFixture {
  plugin: PluginFixture;
  documents: CimdDocumentServer;
  /** The MCP server URL a developer pastes into ChatGPT. */
  mcpUrl: string;
  /** A ChatGPT-like MCP OAuth client that has run discovery. */
  chatGpt(redirectUri?: string): Promise<McpOAuthClient>;
  user: { email: string; password: string };
}

/** A running core (CIMD documents reachable on loopback with the test CA), a document server, and the known user. */
export function useMcpFixture(): McpFixture {
  const fixture = {} as McpFixture;
  beforeAll(async () => {
    fixture.documents = await new CimdDocumentServer().start();
    fixture.plugin = await startPluginFixture({ core: { cimdFetcher: loopbackCimdFetcher() } });
    fixture.mcpUrl = `${fixture.plugin.publicUrl}/mcp`;
    fixture.user = { email: knownUser.email, password: knownUser.password };
    fixture.chatGpt = async (redirectUri) => {
      const client = new McpOAuthClient(fixture.mcpUrl, redirectUri);
      await client.discover();
      return client;
    };
  });
  afterAll(async () => {
    await fixture.plugin?.close();
    await fixture.documents?.close();
  });
  return fixture;
}

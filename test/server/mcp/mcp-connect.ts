import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { RecordingProvider, signIn } from '../support/sdk-oauth-provider';

export interface Connected {
  client: Client;
  transport: StreamableHTTPClientTransport;
  provider: RecordingProvider;
}

/**
 * What an MCP host on the official SDK does given only the MCP server URL: connect, get refused with a 401 that names
 * the protected-resource metadata, run the OAuth flow (the user signs in on Handshake's page), finish and connect again.
 */
export async function connectWithSignIn(
  mcpUrl: string,
  user: { email: string; password: string },
  provider = new RecordingProvider('http://127.0.0.1:47211/callback'),
  /** Sent with every request, e.g. X-Forwarded-For to arrive as through the public URL. */
  headers: Record<string, string> = {},
): Promise<Connected> {
  const withHeaders: typeof fetch = (input, init) => {
    const merged = new Headers(init?.headers);
    for (const [name, value] of Object.entries(headers)) merged.set(name, value);
    return fetch(input, { ...init, headers: merged });
  };
  const first = new StreamableHTTPClientTransport(new URL(mcpUrl), { authProvider: provider, fetch: withHeaders });
  const refused = new Client({ name: 'handshake-test-host', version: '1.0.0' });
  const error = await refused.connect(first).then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!(error instanceof UnauthorizedError)) throw new Error(`expected the first connect to need sign-in, got ${String(error)}`);
  const callback = await signIn(provider.authorizationUrl!, user, headers);
  await first.finishAuth(callback.searchParams.get('code')!);
  const transport = new StreamableHTTPClientTransport(new URL(mcpUrl), { authProvider: provider, fetch: withHeaders });
  const client = new Client({ name: 'handshake-test-host', version: '1.0.0' });
  await client.connect(transport);
  return { client, transport, provider };
}

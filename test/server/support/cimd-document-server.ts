import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { CimdFetcher } from '../../../server/oauth/clients/cimd-fetcher';

const tlsDir = join(import.meta.dirname, '..', '..', 'fixtures', 'tls');
export const testCa = readFileSync(join(tlsDir, 'ca.crt'), 'utf8');

export interface ServedDocument {
  status?: number;
  headers?: Record<string, string>;
  /** An object is served as JSON; a string as is. */
  body: unknown;
}

/**
 * Serves Client ID Metadata Documents over https on loopback with the test CA's localhost certificate, as a client
 * such as ChatGPT serves https://chatgpt.com/oauth/client.json. Counts the fetches of each path.
 */
export class CimdDocumentServer {
  readonly documents = new Map<string, ServedDocument>();
  readonly fetches = new Map<string, number>();
  private server!: Server;
  origin = '';

  async start(): Promise<this> {
    this.server = createServer(
      { key: readFileSync(join(tlsDir, 'localhost.key')), cert: readFileSync(join(tlsDir, 'localhost.crt')) },
      (req, res) => {
        const path = new URL(req.url ?? '/', 'https://localhost').pathname;
        this.fetches.set(path, (this.fetches.get(path) ?? 0) + 1);
        const document = this.documents.get(path);
        if (!document) {
          res.writeHead(404).end('not found');
          return;
        }
        const body = typeof document.body === 'string' ? document.body : JSON.stringify(document.body);
        res.writeHead(document.status ?? 200, { 'content-type': 'application/json', ...document.headers }).end(body);
      },
    );
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.origin = `https://localhost:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** Serves a valid document at `path` for these redirect URIs; returns its URL (the client_id). */
  serve(path: string, redirectUris: string[], extra: Partial<ServedDocument> & { metadata?: Record<string, unknown> } = {}): string {
    const clientId = `${this.origin}${path}`;
    this.documents.set(path, {
      status: extra.status,
      headers: extra.headers,
      body: extra.body ?? {
        client_id: clientId,
        client_name: 'Test MCP client',
        redirect_uris: redirectUris,
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code', 'refresh_token'],
        ...extra.metadata,
      },
    });
    return clientId;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** What Handshake's core is given in tests: trusts the test CA and may reach loopback (the SSRF guard's seam). */
export function loopbackCimdFetcher(): CimdFetcher {
  return new CimdFetcher({ ca: testCa, addressAllowed: () => true });
}

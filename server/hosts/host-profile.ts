/**
 * What one MCP host (ChatGPT, Codex, Claude …) sends and expects as an OAuth client, as data. The redirect policy, the
 * pinned metadata documents, the traffic recogniser, the Setup picker and the simulator all read these; nothing else
 * names a host. Sources: shared/reference/mcp-hosts.md, section named in `source`.
 */

export const mcpHostIds = ['chatgpt', 'codex', 'claude', 'claude-code', 'cursor', 'vscode', 'inspector', 'goose'] as const;
export type McpHostId = (typeof mcpHostIds)[number];

export type RegistrationMethod = 'preconfigured' | 'cimd' | 'dcr';

/** A Client ID Metadata Document Handshake ships, used when the host's own URL cannot be fetched. */
export interface PinnedDocument {
  /** The client_id URLs it stands for; a per-connection URL's id fills `{id}` in the document. */
  url: RegExp;
  /** The document as the host served it; `{id}` stands for the per-connection part of the URL. */
  document: Record<string, unknown>;
  /** When the copy was taken (ISO date). */
  copiedOn: string;
}

/** How the host runs its connect: what the simulator plays and the replays in the tests send. */
export interface HostConnect {
  /** The redirect_uri it sends at authorize (a loopback port here is one it uses, not the only one). */
  redirectUri: string;
  /** The client_id URL it sends when the server supports metadata documents; null when it has none. */
  cimdClientId: string | null;
  /** What it posts to the registration endpoint. */
  dcrBody: Record<string, unknown>;
  /** Token endpoint authentication as a metadata-document client. */
  cimdTokenAuth: 'none' | 'private_key_jwt';
  userAgent: string;
  /** Sends an origin-only `resource` with a trailing slash (Claude Code, older SDKs). */
  resourceTrailingSlash: boolean;
  /** Sends `resource` on refresh (older Codex builds do not). */
  resourceOnRefresh: boolean;
  /** Where its scope comes from: the 401 challenge, else the protected-resource metadata; `all-prm` takes every advertised scope. */
  scopeFrom: 'challenge-or-prm' | 'all-prm';
  /** Adds offline_access when the authorization server lists it. */
  appendsOfflineAccess: boolean;
  /** The Origin of the page it runs OAuth from (browser-based: CORS preflights), else null. */
  browserOrigin: string | null;
  /**
   * Its redirect URI and document when the server does not advertise `iss` in authorization responses: a
   * per-connection callback (ChatGPT's), `{id}` standing for the connection's id. null: the same either way.
   */
  withoutIss: { redirectUri: string; cimdClientId: string } | null;
  /** After Disconnect → Connect it authorizes again without any scope (ChatGPT). */
  reconnectsWithoutScope: boolean;
  /** Its DCR token auth method is not fixed: it takes the first of none, client_secret_post, client_secret_basic the server lists. */
  dcrAuthFromIntersection: boolean;
}

/** How "Test as" words a step for this host where the generic wording does not fit it; `{host}` is its name. */
export interface CheckWording {
  title?: string;
  text: string;
  /** The host's behaviour at this step is inferred, not documented. */
  inferred?: boolean;
}

/** What Setup shows for the host: where to click or what to run, and which checklist ticks follow. */
export interface HostSetup {
  /** Steps in order; `{url}` is the MCP server URL, `{name}` a server name. */
  steps: string[];
  /** A command or configuration file to copy, with the same placeholders. */
  snippet: { label: string; text: string } | null;
  /** The checklist ticks this host produces, in order. */
  expect: string[];
  /** Its OAuth client runs on the vendor's servers: it needs the public (tunnel) URL, never 127.0.0.1. */
  needsPublicUrl: boolean;
}

export interface HostProfile {
  id: McpHostId;
  name: string;
  /** Redirect URIs it uses; a loopback one without a port stands for every port. */
  redirectUris: readonly string[];
  /** Redirect URIs that carry a per-connection id. */
  redirectPatterns: readonly RegExp[];
  /** Its Client ID Metadata Document URLs. */
  cimdUrls: readonly RegExp[];
  pinnedDocuments: readonly PinnedDocument[];
  /** The order it tries ways of getting a client id. */
  registration: readonly RegistrationMethod[];
  /** Uses its metadata document only when the server also lists "none" (Claude, Codex). */
  cimdNeedsNone: boolean;
  /** The client_name it registers with. */
  clientNames: RegExp;
  /** Its User-Agent, when it is its own. */
  userAgents: RegExp | null;
  /** Falls back to /authorize, /token and /register at the origin (2025-03-26) when discovery fails. */
  usesFallbackPaths: boolean;
  connect: HostConnect;
  /** Step wording for "Test as", by step id, where this host differs from the generic text. */
  checkWording: Partial<Record<string, CheckWording>>;
  setup: HostSetup;
  /** The section of shared/reference/mcp-hosts.md this profile comes from. */
  source: string;
}

/** How a host behaves where nothing says otherwise: a public client that follows the MCP spec. Profiles spread it first. */
export const specConnect = {
  cimdTokenAuth: 'none',
  resourceTrailingSlash: false,
  resourceOnRefresh: true,
  scopeFrom: 'challenge-or-prm',
  appendsOfflineAccess: false,
  browserOrigin: null,
  withoutIss: null,
  reconnectsWithoutScope: false,
  dcrAuthFromIntersection: false,
} as const satisfies Partial<HostConnect>;

import { useNavigation } from '../../state/navigation';
import { useStatus } from '../../state/shared-resources';
import { Card } from '../../ui/card';
import { CopyButton } from '../../ui/copy-button';
import { DocsLink } from '../../ui/docs-link';
import { Notice } from '../../ui/notice';

/** What ChatGPT's "Add custom MCP server" form and Codex's config need: the /mcp URL, and how to fill the rest. */
export function McpUrlCard() {
  const { data: status } = useStatus();
  const { go } = useNavigation();
  if (!status) return <Card title="2. Paste this into ChatGPT or Codex" description="Loading…" />;
  const base = status.publicUrl ?? status.localUrl;
  const mcpUrl = `${base}/mcp`;
  const codex = `[mcp_servers.handshake]\nurl = "${mcpUrl}"`;
  return (
    <Card id="mcp-url" title="2. Paste this into ChatGPT or Codex" description="Your MCP server’s URL, behind Handshake’s OAuth.">
      <div className="value-row big">
        <code className="value mono" aria-label="MCP server URL">
          {mcpUrl}
        </code>
        <CopyButton value={mcpUrl} label="Copy the MCP server URL" />
      </div>
      <ol className="how-to small">
        <li>
          <strong>ChatGPT:</strong> turn on developer mode, then <em>Plugins → + → Add custom MCP server</em>. Paste the URL;
          Authentication:
          <strong> OAuth</strong>. Leave the client ID and secret empty: ChatGPT registers itself (a metadata document, or dynamic
          registration).
        </li>
        <li>
          To use a predefined client instead,{' '}
          <button type="button" className="link-button" onClick={() => go('clients')}>
            add one in the Clients view
          </button>{' '}
          and paste its ID and secret.
        </li>
        <li>
          <strong>Codex:</strong> add to <code>~/.codex/config.toml</code>, then run <code>codex mcp login handshake</code>:
        </li>
      </ol>
      <div className="value-row">
        <pre className="value mono snippet" aria-label="Codex configuration">
          {codex}
        </pre>
        <CopyButton value={codex} label="Copy the Codex configuration" compact />
      </div>
      {!status.publicUrl && (
        <Notice level="info" title="This is a local address">
          Codex on this machine can use it; ChatGPT cannot reach it. Start the tunnel above (or set a public URL in Settings).
        </Notice>
      )}
      <p className="muted small">
        What Handshake serves, exactly: <DocsLink page="mcp.md">docs/mcp.md</DocsLink>
      </p>
    </Card>
  );
}

import type { HostView, McpHostId } from '../../../server/control/control-api';
import { useNavigation } from '../../state/navigation';
import { useStatus } from '../../state/shared-resources';
import { useResource } from '../../state/use-resource';
import { Card } from '../../ui/card';
import { CopyButton } from '../../ui/copy-button';
import { DocsLink } from '../../ui/docs-link';
import { ErrorMessage } from '../../ui/error-message';
import { Notice } from '../../ui/notice';
import { TabList } from '../../ui/tab-list';
import { fillSetupText } from './mcp-host-choice';

/**
 * The MCP server URL, and for the host picked exactly what to do there: the UI steps or the command, the config file,
 * and the checklist ticks to expect. The hosts come from the core's host profiles (GET /api/hosts).
 */
export function HostPickerCard({ host, onHost }: { host: McpHostId; onHost: (host: McpHostId) => void }) {
  const { data: status } = useStatus();
  const hosts = useResource<HostView[]>((api) => api.listHosts(undefined), null);
  const { go } = useNavigation();
  const title = '2. Connect your MCP host';
  if (!status || !hosts.data)
    return (
      <Card title={title} description="Loading…">
        <ErrorMessage error={hosts.error} prefix="The hosts could not be loaded" />
      </Card>
    );
  const base = status.publicUrl ?? status.localUrl;
  const mcpUrl = `${base}/mcp`;
  const picked = hosts.data.find((candidate) => candidate.id === host) ?? hosts.data[0];
  const snippet = picked.setup.snippet ? fillSetupText(picked.setup.snippet.text, mcpUrl) : null;
  return (
    <Card
      id="mcp-url"
      title={title}
      description="Your MCP server’s URL, behind Handshake’s OAuth, and what to do in the host you connect from."
    >
      <div className="value-row big">
        <code className="value mono" aria-label="MCP server URL">
          {mcpUrl}
        </code>
        <CopyButton value={mcpUrl} label="Copy the MCP server URL" />
      </div>
      <TabList
        tabs={hosts.data.map((each) => ({ id: each.id, label: each.name }))}
        selected={picked.id}
        onSelect={onHost}
        label="MCP host"
        idPrefix="host"
        panelId="host-panel"
        className="tabs host-tabs"
      />
      <div id="host-panel" role="tabpanel" aria-labelledby={`host-tab-${picked.id}`} className="host-panel">
        <ol className="how-to small" aria-label={`${picked.name}: what to do`}>
          {picked.setup.steps.map((step) => (
            <li key={step}>{fillSetupText(step, mcpUrl)}</li>
          ))}
        </ol>
        {snippet && (
          <div className="value-row">
            <pre className="value mono snippet" aria-label={`${picked.name} configuration`} title={picked.setup.snippet!.label}>
              {snippet}
            </pre>
            <CopyButton value={snippet} label={`Copy the ${picked.name} configuration`} compact />
          </div>
        )}
        {picked.setup.needsPublicUrl && !status.publicUrl && (
          <Notice level="warn" title={`${picked.name} cannot reach this address`}>
            {picked.name} signs in from its own servers, so it needs the public URL: start the tunnel above (or set a public URL in
            Settings).
          </Notice>
        )}
        {!picked.setup.needsPublicUrl && !status.publicUrl && (
          <Notice level="info" title="This is a local address">
            {picked.name} on this machine can use it; hosts that run on their vendor’s servers (ChatGPT, Claude) need the tunnel.
          </Notice>
        )}
        <p className="small strong">What the checklist will show</p>
        <ol className="how-to small expected-ticks" aria-label={`Checklist ticks to expect from ${picked.name}`}>
          {picked.setup.expect.map((tick) => (
            <li key={tick}>{tick}</li>
          ))}
        </ol>
        <p className="muted small">
          {picked.registration.includes('preconfigured') && (
            <>
              To give {picked.name} a client ID and secret instead,{' '}
              <button type="button" className="link-button" onClick={() => go('clients')}>
                add a client in the Clients view
              </button>
              .{' '}
            </>
          )}
          What {picked.name} sends, with sources: <DocsLink page="mcp-hosts.md">docs/mcp-hosts.md</DocsLink>
        </p>
      </div>
    </Card>
  );
}

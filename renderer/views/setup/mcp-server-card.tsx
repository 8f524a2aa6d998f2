import { useNavigation } from '../../state/navigation';
import { useSettings } from '../../state/shared-resources';
import { Card } from '../../ui/card';
import { ServerCheckPanel } from './server-check-panel';

const demoTools = ['whoami', 'list_todos', 'add_todo', 'delete_todo'];

/** Which MCP server answers at /mcp: the developer's (forwarded) or the built-in demo. */
export function McpServerCard() {
  const settings = useSettings();
  const { go } = useNavigation();
  const upstream = settings.data?.mcpUpstream;
  return (
    <Card
      id="mcp-server"
      title="3. Your MCP server"
      description="Requests to /mcp with a valid token go on to it, with the signed-in user in X-Handshake-User-* headers and never the token."
    >
      {upstream ? (
        <p>
          Forwarding to <code className="mono">{upstream}</code>.
        </p>
      ) : (
        <p>
          None set: Handshake’s built-in demo MCP server answers, with the tools{' '}
          {demoTools.map((tool, i) => (
            <span key={tool}>
              {i > 0 ? ', ' : ''}
              <code>{tool}</code>
            </span>
          ))}{' '}
          — enough to connect ChatGPT now.
        </p>
      )}
      <p className="muted small">
        <button type="button" className="link-button" onClick={() => go('settings')}>
          {upstream ? 'Change it in Settings' : 'Set your own in Settings'}
        </button>{' '}
        (Your MCP server, e.g. <code>http://127.0.0.1:8000/mcp</code>).
      </p>
      <ServerCheckPanel />
    </Card>
  );
}

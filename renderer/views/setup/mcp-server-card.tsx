import { useEffect } from 'react';
import { useNavigation } from '../../state/navigation';
import { useSettings, useStatus } from '../../state/shared-resources';
import { usePreview } from '../../state/use-preview';
import { Card } from '../../ui/card';
import { DomainRestrictionsCheck } from './domain-restrictions-check';
import { VerifierSettings } from './verifier-settings';

const demoTools = ['whoami', 'list_todos', 'add_todo', 'delete_todo'];

/** Which MCP server answers at /mcp: the developer's (forwarded) or the built-in demo. */
export function McpServerCard() {
  const settings = useSettings();
  const { go } = useNavigation();
  const { data: status } = useStatus();
  const previewState = usePreview();
  const preview = previewState.data;
  const { reload } = previewState;
  const publicUrl = status?.publicUrl;
  // The issuer follows the tunnel: a preview built before it started names the local address.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reload when the public URL changes
  useEffect(() => reload(), [publicUrl]);
  const upstream = settings.data?.mcpUpstream;
  const forwarded = settings.data?.forwardAuthorization;
  return (
    <Card
      id="mcp-server"
      title="3. Your MCP server"
      description={`Requests to /mcp with a valid token go on to it, with the signed-in user in X-Handshake-User-* headers${forwarded ? ' and the client’s Authorization header, so your server checks the token itself' : ' (the token is not forwarded: Settings → Tokens)'}.`}
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
      {preview && status && settings.data && <VerifierSettings preview={preview} status={status} settings={settings.data} />}
      {preview && status && <DomainRestrictionsCheck preview={preview} status={status} />}
    </Card>
  );
}

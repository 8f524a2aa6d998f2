import { useControl } from '../../state/control-context';
import { useSettings, useStatus } from '../../state/shared-resources';
import { Card } from '../../ui/card';
import { CopyButton } from '../../ui/copy-button';
import { DocsLink } from '../../ui/docs-link';
import { ErrorMessage } from '../../ui/error-message';
import { SecretValue } from '../../ui/secret-value';
import { useAction } from '../../ui/use-action';

/** The loopback HTTP control API: always open headless, opt-in on the desktop; its URL and token for scripts. */
export function ScriptingSection() {
  const { api } = useControl();
  const settings = useSettings();
  const status = useStatus();
  const toggle = useAction(async (on: boolean) => settings.set(await api.updateSettings({ scriptingApi: on })));

  if (!settings.data || !status.data) return <Card title="Scripting API" description="Loading…" />;
  const desktop = status.data.mode === 'desktop';
  const { controlUrl, controlToken } = status.data;
  return (
    <Card
      id="scripting"
      title="Scripting API"
      description="Everything this dashboard does, over HTTP on 127.0.0.1 — for scripts and CI. Never reachable through the tunnel."
    >
      {desktop ? (
        <label className="check">
          <input
            type="checkbox"
            checked={settings.data.scriptingApi}
            disabled={toggle.busy}
            onChange={(e) => void toggle.run(e.target.checked)}
          />
          <span>Open the scripting API (a loopback HTTP port; the window itself never needs it)</span>
        </label>
      ) : (
        <p className="small">
          Always open in headless mode; choose its port with <code className="small">--control-port</code>.
        </p>
      )}
      <ErrorMessage error={toggle.error} />
      <p className="small">
        <DocsLink page="control-api.md">Every route of the control API, with curl examples</DocsLink>
      </p>
      {controlUrl && controlToken ? (
        <div className="form-grid">
          <div className="field wide">
            <span className="field-label">URL</span>
            <div className="value-row">
              <code className="value mono">{controlUrl}</code>
              <CopyButton value={controlUrl} label="Copy scripting API URL" compact />
            </div>
          </div>
          <div className="field wide">
            <span className="field-label">Bearer token</span>
            <SecretValue value={controlToken} label="scripting API token" />
            <span className="field-hint">
              Also in control-token in the data folder. Example: curl -H "Authorization: Bearer $TOKEN" {controlUrl}/api/status
            </span>
          </div>
        </div>
      ) : (
        desktop && settings.data.scriptingApi && <p className="small muted">Opening…</p>
      )}
    </Card>
  );
}

import { useEffect, useMemo, useState } from 'react';
import type { McpHostId } from '../../../server/control/control-api';
import type { ClientView } from '../../../server/store/records';
import { mcpHostNames } from '../../state/host-names';
import { useNavigation } from '../../state/navigation';
import { useSettings, useStatus } from '../../state/shared-resources';
import { useResource } from '../../state/use-resource';
import { useTraffic } from '../../state/use-traffic';
import { Card } from '../../ui/card';
import { Notice } from '../../ui/notice';
import { TabList } from '../../ui/tab-list';
import { CheckCard } from './check-card';
import { CredentialsCard } from './credentials-card';
import { DomainCard } from './domain-card';
import { HostPickerCard } from './host-picker-card';
import { storedMcpHost, storeMcpHost } from './mcp-host-choice';
import { McpServerCard } from './mcp-server-card';
import { mcpLocalSteps, mcpSteps } from './mcp-steps';
import { type SetupPath, setupPaths, storedSetupPath, storeSetupPath } from './setup-path';
import { chatGptSteps, localSteps, type SetupStep } from './setup-steps';
import { StepList } from './step-list';
import { TunnelCard } from './tunnel-card';
import { VerificationCard } from './verification-card';

/**
 * Zero to a connected plugin, on either path — an MCP server for ChatGPT and Codex, or a classic plugin / GPT Action —
 * with a checklist that ticks itself from status, settings and live traffic.
 */
export function SetupView() {
  const status = useStatus();
  const settings = useSettings();
  const traffic = useTraffic();
  const client = useResource<ClientView>((api) => api.getClient(undefined), 'client');
  const { go } = useNavigation();
  const [path, setPath] = useState<SetupPath>(storedSetupPath);
  const [host, setHost] = useState<McpHostId>(storedMcpHost);
  const pickHost = (next: McpHostId) => {
    setHost(next);
    storeMcpHost(next);
  };
  const choose = (next: SetupPath) => {
    setPath(next);
    storeSetupPath(next);
  };
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 10_000);
    return () => clearInterval(timer);
  }, []);
  const classicId = client.data?.id;
  const { local, remote } = useMemo((): { local: SetupStep[]; remote: SetupStep[] } => {
    if (path === 'mcp') return { local: mcpLocalSteps(status.data), remote: mcpSteps(traffic.entries, classicId, mcpHostNames[host]) };
    return { local: localSteps(status.data, settings.data?.verificationToken), remote: chatGptSteps(traffic.entries, now) };
  }, [path, status.data, settings.data?.verificationToken, traffic.entries, now, classicId, host]);
  const done = [...local, ...remote].filter((s) => s.done).length;
  const total = local.length + remote.length;
  const waitingFor = path === 'mcp' ? `Waiting for ${mcpHostNames[host]}` : 'Waiting for ChatGPT';

  return (
    <div className="view setup-view">
      <header className="view-header">
        <div>
          <h1>Setup</h1>
          <p className="muted">Connect your plugin to ChatGPT with Handshake as its OAuth server. Each step ticks itself as it happens.</p>
        </div>
        <div
          className="progress"
          role="progressbar"
          aria-label="Setup progress"
          aria-valuemin={0}
          aria-valuemax={total}
          aria-valuenow={done}
        >
          <div className="progress-bar" style={{ width: `${(done / total) * 100}%` }} />
          <span className="progress-text">
            {done} of {total}
          </span>
        </div>
      </header>
      <TabList
        tabs={setupPaths}
        selected={path}
        onSelect={choose}
        label="Kind of plugin"
        idPrefix="setup"
        panelId="setup-panel"
        className="tabs setup-paths"
      />
      {status.data?.listener.state === 'failed' && (
        <Notice level="error" title={`The public listener could not start on port ${status.data.listener.port}`}>
          {status.data.listener.error} —{' '}
          <button type="button" className="link-button" onClick={() => go('settings')}>
            choose another port in Settings
          </button>
          .
        </Notice>
      )}
      <div className="setup-grid" id="setup-panel" role="tabpanel" aria-labelledby={`setup-tab-${path}`}>
        <div className="setup-main">
          <TunnelCard />
          {path === 'mcp' ? (
            <>
              <HostPickerCard host={host} onHost={pickHost} />
              <McpServerCard />
              <CheckCard profile="mcp" host={host} />
            </>
          ) : (
            <>
              <DomainCard />
              <CredentialsCard />
              <VerificationCard />
              <CheckCard profile="classic" />
            </>
          )}
        </div>
        <aside className="setup-side">
          <Card title="Checklist" description="Before ChatGPT">
            <StepList steps={local} label="Before ChatGPT" />
          </Card>
          <Card title={waitingFor} description="Ticks as the requests arrive">
            <StepList steps={remote} label={waitingFor} />
          </Card>
        </aside>
      </div>
    </div>
  );
}

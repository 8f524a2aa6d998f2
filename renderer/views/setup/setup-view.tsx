import { useEffect, useMemo, useState } from 'react';
import { useNavigation } from '../../state/navigation';
import { useSettings, useStatus } from '../../state/shared-resources';
import { useTraffic } from '../../state/use-traffic';
import { Card } from '../../ui/card';
import { Notice } from '../../ui/notice';
import { CredentialsCard } from './credentials-card';
import { DomainCard } from './domain-card';
import { chatGptSteps, localSteps } from './setup-steps';
import { StepList } from './step-list';
import { TunnelCard } from './tunnel-card';
import { VerificationCard } from './verification-card';

/** Zero to an installed plugin: a checklist that ticks itself from status, settings and live traffic. */
export function SetupView() {
  const status = useStatus();
  const settings = useSettings();
  const traffic = useTraffic();
  const { go } = useNavigation();
  const local = localSteps(status.data, settings.data?.verificationToken);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 10_000);
    return () => clearInterval(timer);
  }, []);
  const remote = useMemo(() => chatGptSteps(traffic.entries, now), [traffic.entries, now]);
  const done = [...local, ...remote].filter((s) => s.done).length;
  const total = local.length + remote.length;

  return (
    <div className="view setup-view">
      <header className="view-header">
        <div>
          <h1>Setup</h1>
          <p className="muted">Install your ChatGPT plugin with Handshake as its OAuth server. Each step ticks itself as it happens.</p>
        </div>
        <div className="progress" role="progressbar" aria-label="Setup progress" aria-valuemin={0} aria-valuemax={total} aria-valuenow={done}>
          <div className="progress-bar" style={{ width: `${(done / total) * 100}%` }} />
          <span className="progress-text">{done} of {total}</span>
        </div>
      </header>
      {status.data?.listener.state === 'failed' && (
        <Notice level="error" title={`The public listener could not start on port ${status.data.listener.port}`}>
          {status.data.listener.error} —{' '}
          <button type="button" className="link-button" onClick={() => go('settings')}>choose another port in Settings</button>.
        </Notice>
      )}
      <div className="setup-grid">
        <div className="setup-main">
          <TunnelCard />
          <DomainCard />
          <CredentialsCard />
          <VerificationCard />
        </div>
        <aside className="setup-side">
          <Card title="Checklist" description="Before ChatGPT">
            <StepList steps={local} label="Before ChatGPT" />
          </Card>
          <Card title="Waiting for ChatGPT" description="Ticks as the requests arrive">
            <StepList steps={remote} label="Waiting for ChatGPT" />
          </Card>
        </aside>
      </div>
    </div>
  );
}

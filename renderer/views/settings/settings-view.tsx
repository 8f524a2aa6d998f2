import { useMemo, useState } from 'react';
import type { ManifestFields } from '../../../server/settings/settings';
import { useStatus } from '../../state/shared-resources';
import { Notice } from '../../ui/notice';
import { FaultsSection } from './faults-section';
import { ManifestSection } from './manifest-section';
import { NetworkSection } from './network-section';
import { OAuthSection } from './oauth-section';
import { PreviewSection } from './preview-section';
import { ScriptingSection } from './scripting-section';
import { TokenShapeSection } from './token-shape-section';
import { TokensSection } from './tokens-section';
import { TrafficLogSection } from './traffic-log-section';

export function SettingsView() {
  const { data: status } = useStatus();
  const [unsaved, setUnsaved] = useState<Partial<ManifestFields>>({});
  // Each keystroke in the manifest form changes `unsaved` (the preview shows it): the same elements let React skip the
  // other sections, which read what they need from the control context.
  const sections = useMemo(
    () => (
      <>
        <ManifestSection onUnsavedChange={setUnsaved} />
        <OAuthSection />
        <TokensSection />
        <TokenShapeSection />
        <NetworkSection />
        <TrafficLogSection />
        <FaultsSection />
        <ScriptingSection />
      </>
    ),
    [],
  );
  return (
    <div className="view">
      <header className="view-header">
        <div>
          <h1>Settings</h1>
          <p className="muted">The manifest, the OAuth server’s behaviour and the network — with a live preview of what ChatGPT gets.</p>
        </div>
      </header>
      {status?.secretStorage === 'plain' && (
        <Notice level="warn" title="Secrets are stored in plain text">
          The client secret and ngrok authtoken sit unencrypted in {status.dataDir} (readable by your user only). Fine for development;
          don’t reuse production secrets here.
        </Notice>
      )}
      {status?.warnings.map((warning) => (
        <Notice key={warning} level="warn">
          {warning}
        </Notice>
      ))}
      <div className="settings-grid">
        <div className="settings-main">{sections}</div>
        <div className="settings-side">
          <PreviewSection unsaved={unsaved} />
        </div>
      </div>
    </div>
  );
}

import { useStatus } from '../../state/shared-resources';
import { Card } from '../../ui/card';
import { CopyButton } from '../../ui/copy-button';
import { Notice } from '../../ui/notice';

/** The one thing ChatGPT's wizard asks first: the domain. */
export function DomainCard() {
  const { data: status } = useStatus();
  if (!status) return <Card title="Domain" description="Loading…" />;
  const local = !status.publicUrl;
  return (
    <Card
      id="domain"
      title="2. Paste this into ChatGPT"
      description="Plugin store → Develop your own plugin → “Domain”, then Find manifest."
    >
      <div className="value-row big">
        <code className="value mono" aria-label="Domain for ChatGPT">
          {status.domain}
        </code>
        <CopyButton value={status.domain} label="Copy domain" />
      </div>
      <p className="muted small">
        Manifest:{' '}
        <a href={status.manifestUrl} target="_blank" rel="noreferrer">
          {status.manifestUrl}
        </a>
      </p>
      {local && (
        <Notice level="info" title="This is a local address">
          ChatGPT cannot reach {status.domain} from the internet. Start the tunnel above (or set a public URL in Settings) and this domain
          changes to the public one.
        </Notice>
      )}
    </Card>
  );
}

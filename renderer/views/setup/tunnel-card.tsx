import { type FormEvent, useState } from 'react';
import type { TunnelStatus } from '../../../server/control/control-api';
import { useControl } from '../../state/control-context';
import { useStatus } from '../../state/shared-resources';
import { Card } from '../../ui/card';
import { DocsLink } from '../../ui/docs-link';
import { ErrorMessage } from '../../ui/error-message';
import { Notice } from '../../ui/notice';
import { useAction } from '../../ui/use-action';

export const authtokenPage = 'https://dashboard.ngrok.com/get-started/your-authtoken';

/** Failures that mean "no network", whatever words the SDK used. */
const offlineCodes = new Set(['network_unreachable', 'connect_timeout']);

const stateLabel: Record<TunnelStatus['state'], string> = {
  off: 'Off',
  connecting: 'Connecting…',
  online: 'Online',
  reconnecting: 'Reconnecting…',
  error: 'Failed',
};

const providerChoices: { value: TunnelStatus['provider']; label: string; hint: string }[] = [
  { value: 'ngrok', label: 'ngrok', hint: 'free account and authtoken; your dev domain stays the same' },
  {
    value: 'cloudflare',
    label: 'Cloudflare quick tunnel',
    hint: 'no account; the URL changes on each start — ChatGPT’s connector must be added again',
  },
];

/** The tunnel: which provider, start/stop, ngrok's authtoken, and plain advice when it fails. */
export function TunnelCard() {
  const { api } = useControl();
  const status = useStatus();
  const tunnel = status.data?.tunnel;
  const [authtoken, setAuthtoken] = useState('');

  const applyTunnel = (next: TunnelStatus | undefined) => {
    if (next) status.update((current) => ({ ...current, tunnel: next }));
  };
  const start = useAction(async () => applyTunnel(await api.startTunnel({})));
  const stop = useAction(async () => applyTunnel(await api.stopTunnel(undefined)));
  const choose = useAction(async (provider: TunnelStatus['provider']) => {
    await api.updateSettings({ tunnelProvider: provider });
    status.update((current) => ({ ...current, tunnel: { ...current.tunnel, provider } }));
  });
  const [savedNote, setSavedNote] = useState<string | null>(null);
  const saveToken = useAction(async (value: string) => {
    setSavedNote(null);
    applyTunnel(await api.setNgrokAuthtoken({ authtoken: value }));
    setAuthtoken('');
    setSavedNote(value ? 'Authtoken saved.' : 'Saved authtoken forgotten.');
  });

  if (!tunnel) return <Card title="Tunnel" description="Loading…" />;
  const running = tunnel.state === 'online' || tunnel.state === 'connecting' || tunnel.state === 'reconnecting';
  const cloudflare = tunnel.provider === 'cloudflare';
  const service = cloudflare ? 'Cloudflare' : 'ngrok';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (authtoken.trim()) void saveToken.run(authtoken.trim());
  };

  return (
    <Card
      id="tunnel"
      title={`1. Public URL (${cloudflare ? 'Cloudflare quick tunnel' : 'ngrok tunnel'})`}
      description="ChatGPT must reach Handshake over HTTPS. The tunnel forwards only the public listener — never this dashboard."
      actions={
        <span className={`pill pill-${tunnel.state}`} role="status" aria-label={`Tunnel ${stateLabel[tunnel.state]}`}>
          {stateLabel[tunnel.state]}
        </span>
      }
    >
      <fieldset className="fieldset" disabled={running || choose.busy}>
        <legend className="field-label">Tunnel provider</legend>
        {providerChoices.map((choice) => (
          <label key={choice.value}>
            <input
              type="radio"
              name="tunnel-provider"
              value={choice.value}
              checked={tunnel.provider === choice.value}
              onChange={() => void choose.run(choice.value)}
            />{' '}
            <strong>{choice.label}</strong> <span className="muted small">— {choice.hint}</span>
          </label>
        ))}
      </fieldset>
      <ErrorMessage error={choose.error} />
      {tunnel.url && (
        <p className="mono strong" aria-label="Tunnel URL">
          {tunnel.url}
        </p>
      )}
      {tunnel.error && (
        <Notice
          level={tunnel.state === 'error' ? 'error' : 'warn'}
          title={offlineCodes.has(tunnel.error.code) ? `Can’t reach ${service} — are you offline?` : tunnel.error.message}
        >
          {offlineCodes.has(tunnel.error.code) && <span className="mono sdk-words">{tunnel.error.message}</span>}
          <span className="advice">{tunnel.error.advice}</span>{' '}
          <DocsLink page="tunnel.md" section={tunnel.error.code}>
            More about this error
          </DocsLink>
        </Notice>
      )}
      {cloudflare && tunnel.state === 'online' && (
        <Notice level="warn" title="This URL lasts until the tunnel stops">
          Cloudflare gives a new URL at every start: add the connector (or the plugin) in ChatGPT again with the new one each time.
        </Notice>
      )}
      {tunnel.freePlanDomain && tunnel.state === 'online' && (
        <Notice level="warn" title="ngrok free plan: browsers see a warning page first">
          The first time a browser opens this domain, ngrok shows its “You are about to visit…” page. ChatGPT’s servers are not affected
          (the manifest and token requests go straight through), but the <strong>login page</strong> will be behind that warning when
          ChatGPT sends you to sign in: click “Visit Site” once and the login page appears. A reserved domain (paid plan) removes the
          warning.
        </Notice>
      )}
      <div className="row">
        {running ? (
          <button type="button" className="button secondary" onClick={() => void stop.run()} disabled={stop.busy}>
            Stop tunnel
          </button>
        ) : (
          <button
            type="button"
            className="button primary"
            onClick={() => void start.run()}
            disabled={start.busy || (!cloudflare && !tunnel.hasAuthtoken)}
            title={cloudflare || tunnel.hasAuthtoken ? undefined : 'Save an ngrok authtoken first'}
          >
            {start.busy ? 'Starting…' : 'Start tunnel'}
          </button>
        )}
        <span className="muted small">
          {cloudflare
            ? 'Runs cloudflared: the path in Settings → Network, else the one on your PATH, else npm’s cloudflared package.'
            : tunnel.hasAuthtoken
              ? `Authtoken: ${tunnel.authtokenSource === 'environment' ? 'from NGROK_AUTHTOKEN' : 'saved'}`
              : 'No ngrok authtoken yet.'}
        </span>
      </div>
      <ErrorMessage error={start.error ?? stop.error} />
      {!cloudflare && (
        <form className="inline-form" onSubmit={submit}>
          <div className="field grow">
            <div className="field-label-row">
              <label className="field-label" htmlFor="ngrok-authtoken">
                ngrok authtoken
              </label>
              <a className="small external-link" href={authtokenPage} target="_blank" rel="noreferrer">
                Get your authtoken on ngrok.com<span className="visually-hidden"> (opens in a new window)</span>
              </a>
            </div>
            <input
              id="ngrok-authtoken"
              type="password"
              autoComplete="off"
              value={authtoken}
              onChange={(e) => {
                setAuthtoken(e.target.value);
                saveToken.clearError();
                setSavedNote(null);
              }}
              placeholder={tunnel.hasAuthtoken ? 'Saved — paste a new one to replace it' : 'From dashboard.ngrok.com → Your Authtoken'}
              aria-describedby={saveToken.error ? 'ngrok-authtoken-error' : undefined}
              aria-invalid={saveToken.error ? true : undefined}
            />
          </div>
          <button type="submit" className="button secondary" disabled={!authtoken.trim() || saveToken.busy}>
            Save authtoken
          </button>
          {tunnel.authtokenSource === 'saved' && (
            <button type="button" className="button ghost" onClick={() => void saveToken.run('')} disabled={saveToken.busy}>
              Forget saved
            </button>
          )}
        </form>
      )}
      <ErrorMessage error={saveToken.error} id="ngrok-authtoken-error" />
      {savedNote && (
        <p className="ok-text small" role="status">
          {savedNote}
        </p>
      )}
    </Card>
  );
}

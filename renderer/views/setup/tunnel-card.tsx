import { useState, type FormEvent } from 'react';
import type { TunnelStatus } from '../../../server/control/control-api';
import { useControl } from '../../state/control-context';
import { useStatus } from '../../state/shared-resources';
import { Card } from '../../ui/card';
import { ErrorMessage } from '../../ui/error-message';
import { Notice } from '../../ui/notice';
import { useAction } from '../../ui/use-action';

const stateLabel: Record<TunnelStatus['state'], string> = {
  off: 'Off',
  connecting: 'Connecting…',
  online: 'Online',
  reconnecting: 'Reconnecting…',
  error: 'Failed',
};

/** The ngrok tunnel: start/stop, its authtoken, and plain advice when it fails. */
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
  const saveToken = useAction(async (value: string) => {
    applyTunnel(await api.setNgrokAuthtoken({ authtoken: value }));
    setAuthtoken('');
  });

  if (!tunnel) return <Card title="Tunnel" description="Loading…" />;
  const running = tunnel.state === 'online' || tunnel.state === 'connecting' || tunnel.state === 'reconnecting';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (authtoken.trim()) void saveToken.run(authtoken.trim());
  };

  return (
    <Card
      id="tunnel"
      title="1. Public URL (ngrok tunnel)"
      description="ChatGPT must reach Handshake over HTTPS. The tunnel forwards only the public listener — never this dashboard."
      actions={
        <span className={`pill pill-${tunnel.state}`} role="status" aria-label={`Tunnel ${stateLabel[tunnel.state]}`}>
          {stateLabel[tunnel.state]}
        </span>
      }
    >
      {tunnel.url && (
        <p className="mono strong" aria-label="Tunnel URL">
          {tunnel.url}
        </p>
      )}
      {tunnel.error && (
        <Notice level={tunnel.state === 'error' ? 'error' : 'warn'} title={tunnel.error.message}>
          {tunnel.error.advice}
        </Notice>
      )}
      {tunnel.freePlanDomain && tunnel.state === 'online' && (
        <Notice level="warn" title="ngrok free plan: browsers see a warning page first">
          The first time a browser opens this domain, ngrok shows its “You are about to visit…” page. ChatGPT’s servers
          are not affected (the manifest and token requests go straight through), but the <strong>login page</strong>{' '}
          will be behind that warning when ChatGPT sends you to sign in: click “Visit Site” once and the login page
          appears. A reserved domain (paid plan) removes the warning.
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
            disabled={start.busy || !tunnel.hasAuthtoken}
            title={tunnel.hasAuthtoken ? undefined : 'Save an ngrok authtoken first'}
          >
            {start.busy ? 'Starting…' : 'Start tunnel'}
          </button>
        )}
        <span className="muted small">
          {tunnel.hasAuthtoken
            ? `Authtoken: ${tunnel.authtokenSource === 'environment' ? 'from NGROK_AUTHTOKEN' : 'saved'}`
            : 'No ngrok authtoken yet.'}
        </span>
      </div>
      <ErrorMessage error={start.error ?? stop.error} />
      <form className="inline-form" onSubmit={submit}>
        <label className="field grow">
          <span className="field-label">ngrok authtoken</span>
          <input
            type="password"
            autoComplete="off"
            value={authtoken}
            onChange={(e) => setAuthtoken(e.target.value)}
            placeholder={tunnel.hasAuthtoken ? 'Saved — paste a new one to replace it' : 'From dashboard.ngrok.com → Your Authtoken'}
          />
        </label>
        <button type="submit" className="button secondary" disabled={!authtoken.trim() || saveToken.busy}>
          Save authtoken
        </button>
        {tunnel.authtokenSource === 'saved' && (
          <button type="button" className="button ghost" onClick={() => void saveToken.run('')} disabled={saveToken.busy}>
            Forget saved
          </button>
        )}
      </form>
      <ErrorMessage error={saveToken.error} />
    </Card>
  );
}

import { type FormEvent, useEffect, useState } from 'react';
import type { Settings } from '../../../server/settings/settings';
import { useControl } from '../../state/control-context';
import { useSettings, useStatus } from '../../state/shared-resources';
import { Card } from '../../ui/card';
import { ErrorMessage } from '../../ui/error-message';
import { httpWarning } from '../../ui/https-warning';
import { Notice } from '../../ui/notice';
import { useAction } from '../../ui/use-action';

type NetworkFields = Pick<Settings, 'publicUrl' | 'upstream' | 'upstreamSpecPath' | 'mcpUpstream' | 'ngrokDomain' | 'cloudflaredPath'>;
const pick = (s: Settings): NetworkFields => ({
  publicUrl: s.publicUrl,
  upstream: s.upstream,
  upstreamSpecPath: s.upstreamSpecPath,
  mcpUpstream: s.mcpUpstream,
  ngrokDomain: s.ngrokDomain,
  cloudflaredPath: s.cloudflaredPath,
});
const urlOk = (v: string) => v.trim() === '' || (/^https?:\/\//i.test(v.trim()) && URL.canParse(v.trim()));

/** Where Handshake is reached from and what it fronts; also the public listener's port. */
export function NetworkSection() {
  const { api } = useControl();
  const settings = useSettings();
  const status = useStatus();
  const [draft, setDraft] = useState<NetworkFields | null>(settings.data ? pick(settings.data) : null);
  const [port, setPort] = useState('');
  useEffect(() => {
    if (settings.data) setDraft(pick(settings.data));
  }, [settings.data]);
  useEffect(() => {
    if (status.data) setPort(String(status.data.listener.port));
  }, [status.data?.listener.port]);

  const save = useAction(async (patch: NetworkFields) => settings.set(await api.updateSettings(patch)));
  const movePort = useAction(async (value: number) => status.set(await api.setPublicPort({ port: value })));

  if (!draft || !settings.data || !status.data) return <Card title="Network" description="Loading…" />;
  const errors: Partial<Record<keyof NetworkFields, string>> = {};
  if (!urlOk(draft.publicUrl)) errors.publicUrl = 'Must be an absolute http(s) URL, or empty.';
  if (!urlOk(draft.upstream)) errors.upstream = 'Must be an absolute http(s) URL, or empty.';
  if (!urlOk(draft.mcpUpstream)) errors.mcpUpstream = 'Must be an absolute http(s) URL, or empty.';
  if (!draft.upstreamSpecPath.trim().startsWith('/')) errors.upstreamSpecPath = 'Must start with /.';
  const serverError = (key: keyof NetworkFields) => (save.error?.field === key ? save.error.message : null);
  const dirty = (Object.keys(draft) as (keyof NetworkFields)[]).some((k) => draft[k] !== settings.data![k]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (Object.keys(errors).length === 0)
      void save.run({
        ...draft,
        publicUrl: draft.publicUrl.trim(),
        upstream: draft.upstream.trim(),
        mcpUpstream: draft.mcpUpstream.trim(),
      });
  };
  const portNumber = Number(port);
  const portError = !/^\d+$/.test(port) || portNumber > 65535 ? 'A port number from 0 to 65535 (0 picks a free one).' : null;
  const listener = status.data.listener;

  const publicUrlWarning = httpWarning(draft.publicUrl, 'The Public URL');
  const field = (key: keyof NetworkFields, label: string, hint: string, placeholder = '') => (
    <div className="field" key={key}>
      <label className="field-label" htmlFor={`net-${key}`}>
        {label}
      </label>
      <input
        id={`net-${key}`}
        value={draft[key]}
        placeholder={placeholder}
        onChange={(e) => {
          setDraft({ ...draft, [key]: e.target.value });
          save.clearError();
        }}
        aria-invalid={errors[key] || serverError(key) ? true : undefined}
        aria-describedby={`net-${key}-note`}
      />
      {errors[key] || serverError(key) ? (
        <span className="field-error" id={`net-${key}-note`}>
          {errors[key] ?? serverError(key)}
        </span>
      ) : key === 'publicUrl' && publicUrlWarning ? (
        <span className="warn-text small" id={`net-${key}-note`}>
          {publicUrlWarning}
        </span>
      ) : (
        <span className="field-hint" id={`net-${key}-note`}>
          {hint}
        </span>
      )}
    </div>
  );

  return (
    <Card id="network" title="Network" description="The public listener is the only thing the tunnel reaches.">
      <div className={`listener${listener.state === 'failed' ? ' failed' : ''}`}>
        {listener.state === 'failed' ? (
          <Notice level="error" title={`The public listener is not running: port ${listener.port} could not be used`}>
            {listener.error ?? 'The port is taken by another program.'} Pick another port below (0 picks any free one).
          </Notice>
        ) : (
          <p className="small">
            Public listener: <code className="mono">{status.data.localUrl}</code>
          </p>
        )}
        <form
          className="inline-form"
          onSubmit={(event) => {
            event.preventDefault();
            if (!portError) void movePort.run(portNumber);
          }}
          noValidate
        >
          <div className="field">
            <label className="field-label" htmlFor="listener-port">
              Public listener port
            </label>
            <input
              id="listener-port"
              inputMode="numeric"
              value={port}
              onChange={(e) => {
                setPort(e.target.value);
                movePort.clearError();
              }}
              aria-invalid={portError ? true : undefined}
              aria-describedby={portError ? 'listener-port-error' : undefined}
              className="narrow"
            />
          </div>
          <button
            type="submit"
            className={`button ${listener.state === 'failed' ? 'primary' : 'secondary'}`}
            disabled={Boolean(portError) || movePort.busy || (listener.state === 'listening' && portNumber === listener.port)}
          >
            {listener.state === 'failed' ? 'Start on this port' : 'Move to this port'}
          </button>
          {portError && (
            <span className="field-error" id="listener-port-error">
              {portError}
            </span>
          )}
        </form>
        <ErrorMessage error={movePort.error} />
      </div>
      <form className="form-grid" onSubmit={submit} noValidate>
        {field(
          'publicUrl',
          'Public URL',
          'When another tunnel or a reverse proxy fronts Handshake. Empty: the tunnel URL, or derived per request.',
          'https://plugin.example.com',
        )}
        {field('ngrokDomain', 'Reserved ngrok domain', 'Empty for a random one (free plan).', 'my-plugin.ngrok.app')}
        {field(
          'cloudflaredPath',
          'cloudflared path',
          'For the Cloudflare quick tunnel. Empty: cloudflared on your PATH, else npm’s cloudflared package in node_modules.',
          '/usr/local/bin/cloudflared',
        )}
        {field(
          'upstream',
          'Your API (upstream)',
          'Authorised API calls are forwarded here. Empty serves the built-in todo demo API.',
          'http://127.0.0.1:8000',
        )}
        {field('upstreamSpecPath', 'Upstream OpenAPI path', 'Where your API serves its spec.')}
        {field(
          'mcpUpstream',
          'Your MCP server',
          'Its Streamable HTTP endpoint: /mcp forwards here, with the signed-in user in X-Handshake-* headers. Empty serves the built-in demo MCP server.',
          'http://127.0.0.1:8000/mcp',
        )}
        <div className="form-actions wide">
          <button type="submit" className="button primary" disabled={!dirty || Object.keys(errors).length > 0 || save.busy}>
            Save network settings
          </button>
          <ErrorMessage error={save.error} />
        </div>
      </form>
    </Card>
  );
}

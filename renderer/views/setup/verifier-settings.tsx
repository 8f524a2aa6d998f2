import { useState } from 'react';
import type { Preview, Status } from '../../../server/control/control-api';
import type { Settings } from '../../../server/settings/settings';
import { CopyButton } from '../../ui/copy-button';
import { TabList } from '../../ui/tab-list';
import { type VerifierId, type VerifierValues, verifierSnippets } from './verifier-snippets';

function valuesOf(preview: Preview, status: Status, settings: Settings): VerifierValues {
  const discovery = preview.openIdConfiguration;
  const issuer = typeof discovery.issuer === 'string' ? discovery.issuer : preview.baseUrl;
  const algorithms = discovery.id_token_signing_alg_values_supported;
  return {
    issuer,
    jwksUri: typeof discovery.jwks_uri === 'string' ? discovery.jwks_uri : `${issuer}/oauth/jwks.json`,
    localJwksUri: `${status.localUrl}/oauth/jwks.json`,
    audience: `${issuer}/mcp`,
    localIntrospectionUri: `${status.localUrl}/oauth/introspect`,
    algorithm: Array.isArray(algorithms) && typeof algorithms[0] === 'string' ? algorithms[0] : settings.signingAlgorithm,
    typ: settings.accessTokenTyp,
  };
}

/**
 * The values and copy-paste code for checking Handshake's tokens in the developer's own MCP server; folded while the
 * built-in demo server answers, which needs none of it.
 */
export function VerifierSettings({ preview, status, settings }: { preview: Preview; status: Status; settings: Settings }) {
  const [selected, setSelected] = useState<VerifierId>('jose');
  const values = valuesOf(preview, status, settings);
  const snippets = verifierSnippets(values);
  const shown = snippets.find((snippet) => snippet.id === selected) ?? snippets[0];
  const facts: [string, string][] = [
    ['Issuer (iss)', values.issuer],
    ['jwks_uri', values.jwksUri],
    ...(values.localJwksUri === values.jwksUri ? [] : [['jwks_uri on this machine', values.localJwksUri] as [string, string]]),
    ['Audience (aud)', values.audience],
  ];
  return (
    <details className="subsection verifier-settings" open={Boolean(settings.mcpUpstream)}>
      <summary>
        <h3 className="subsection-title">Check the token in your server</h3>
        <span className="muted small">jose, MCP TS SDK, FastMCP, mcp-auth, Python SDK</span>
      </summary>
      {settings.accessTokenFormat === 'opaque' && (
        <p className="warn-text small">Access tokens are opaque now (Settings → Tokens): only the introspection verifier can check them.</p>
      )}
      <dl className="verifier-values">
        {facts.map(([label, value]) => (
          <div key={label} className="value-row">
            <dt className="muted small verifier-label">{label}</dt>
            <dd className="value-row verifier-value">
              <code className="value mono">{value}</code>
              <CopyButton value={value} label={`Copy ${label}`} compact />
            </dd>
          </div>
        ))}
      </dl>
      <TabList
        tabs={snippets.map(({ id, label }) => ({ id, label }))}
        selected={shown.id}
        onSelect={setSelected}
        label="Verifier library"
        idPrefix="verifier"
        panelId="verifier-panel"
      />
      <div role="tabpanel" id="verifier-panel" aria-labelledby={`verifier-tab-${shown.id}`} className="verifier-panel">
        <p className="muted small">{shown.note}</p>
        <div className="value-row">
          <pre className="value mono snippet" aria-label={`${shown.label} verifier`}>
            {shown.code}
          </pre>
          <CopyButton value={shown.code} label={`Copy the ${shown.label} verifier`} compact />
        </div>
      </div>
    </details>
  );
}

import { memo, type ReactNode } from 'react';
import type { Settings, SettingsPatch } from '../../../server/settings/settings';
import { useControl } from '../../state/control-context';
import { useSettings, useStatus } from '../../state/shared-resources';
import { Card } from '../../ui/card';
import { DocsLink } from '../../ui/docs-link';
import { ErrorMessage } from '../../ui/error-message';
import { useAction } from '../../ui/use-action';
import { SigningKeys } from './signing-keys';

/** A segmented choice between a setting's values. */
function Choice<K extends 'accessTokenFormat' | 'accessTokenTyp' | 'signingAlgorithm'>({
  setting,
  legend,
  options,
  value,
  disabled,
  hint,
  onChange,
}: {
  setting: K;
  legend: string;
  options: { value: Settings[K]; label: string }[];
  value: Settings[K];
  disabled?: boolean;
  hint: ReactNode;
  onChange: (value: Settings[K]) => void;
}) {
  return (
    <fieldset className="fieldset" disabled={disabled}>
      <legend className="field-label">{legend}</legend>
      <div className="segmented">
        {options.map((option) => (
          <label key={option.value} className={`segment${value === option.value ? ' active' : ''}`}>
            <input
              type="radio"
              name={setting}
              value={option.value}
              checked={value === option.value}
              onChange={() => onChange(option.value)}
            />
            <span className="small">{option.label}</span>
          </label>
        ))}
      </div>
      <p className="field-hint">{hint}</p>
    </fieldset>
  );
}

/**
 * What access tokens look like, whether /mcp and the gateway pass them on, and the keys that sign them. Memoised: it
 * takes no props, and the Settings view re-renders on every keystroke in the manifest form.
 */
export const TokensSection = memo(function TokensSection() {
  const { api } = useControl();
  const settings = useSettings();
  const { data: status } = useStatus();
  const save = useAction(async (patch: SettingsPatch) => {
    settings.set(await api.updateSettings(patch));
  });
  const s = settings.data;
  if (!s) return <Card title="Tokens" description="Loading…" />;
  const base = status?.publicUrl ?? status?.localUrl ?? '';
  const jwt = s.accessTokenFormat === 'jwt';

  return (
    <Card id="tokens" title="Tokens" description="What Handshake’s access tokens look like, and how your MCP server gets to check them.">
      <Choice
        setting="accessTokenFormat"
        legend="Access token format"
        value={s.accessTokenFormat}
        options={[
          { value: 'jwt', label: 'JWT (RFC 9068, signed)' },
          { value: 'opaque', label: 'Opaque (random string)' },
        ]}
        hint="A JWT is what Auth0, WorkOS, Okta, Keycloak and most identity providers issue: your server verifies it itself with the JWKS. An opaque token can only be checked by introspection. Refresh tokens are always opaque."
        onChange={(value) => void save.run({ accessTokenFormat: value })}
      />
      <Choice
        setting="accessTokenTyp"
        legend="JWT typ header"
        value={s.accessTokenTyp}
        disabled={!jwt}
        options={[
          { value: 'at+jwt', label: 'at+jwt (RFC 9068)' },
          { value: 'JWT', label: 'JWT (as Auth0 and Keycloak send)' },
        ]}
        hint="Some libraries refuse at+jwt (older Spring Security, joserfc); pick JWT to rehearse against the provider you will use."
        onChange={(value) => void save.run({ accessTokenTyp: value })}
      />
      <Choice
        setting="signingAlgorithm"
        legend="Signing algorithm"
        value={s.signingAlgorithm}
        options={[
          { value: 'RS256', label: 'RS256' },
          { value: 'ES256', label: 'ES256' },
        ]}
        hint="Applies to the next key: rotate below to sign with it. RS256 is what every verifier accepts by default; FastMCP’s JWTVerifier takes RS256 unless told otherwise."
        onChange={(value) => void save.run({ signingAlgorithm: value })}
      />

      <div className="subsection">
        <h3 className="subsection-title">Your MCP server sees the token</h3>
        <label className="check">
          <input
            type="checkbox"
            checked={s.forwardAuthorization}
            onChange={(e) => void save.run({ forwardAuthorization: e.target.checked })}
          />
          <span>
            Forward the client’s <code>Authorization</code> header to your server at <code>/mcp</code> and through the gateway
          </span>
        </label>
        <p className="field-hint">
          Your server then verifies the token exactly as it will in production (signature with the JWKS, <code>iss</code>, <code>aud</code>,{' '}
          <code>exp</code>, scopes); the <code>X-Handshake-User-*</code> headers are added either way. This is not the “token passthrough”
          the MCP spec forbids: that rule is about an MCP server relaying a client’s token to a <em>different</em> API. Here the token’s
          audience is your MCP server itself, and Handshake only stands in front of it as a reverse proxy.
        </p>
      </div>

      <SigningKeys jwksUrl={`${base}/oauth/jwks.json`} />

      <div className="subsection">
        <h3 className="subsection-title">Revoking a JWT</h3>
        <p className="field-hint">
          When a user disconnects or you revoke a grant, Handshake refuses the token at once at <code>/mcp</code>, the demo API and the
          gateway, and introspection answers <code>active: false</code>. A server that only checks the signature cannot know: the JWT stays
          valid to it until <code>exp</code>. Only introspection (or short lifetimes) shows a revocation — the same trade-off your
          production provider has. <DocsLink page="tokens.md">Tokens, JWKS and introspection</DocsLink>
        </p>
      </div>
      <ErrorMessage error={save.error} prefix="Could not save" />
    </Card>
  );
});

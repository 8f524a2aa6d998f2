import { type FormEvent, useEffect, useState } from 'react';
import type { Settings, SettingsPatch } from '../../../server/settings/settings';
import { useControl } from '../../state/control-context';
import { useSettings } from '../../state/shared-resources';
import { Card } from '../../ui/card';
import { ErrorMessage } from '../../ui/error-message';
import { httpWarning } from '../../ui/https-warning';
import { Icon } from '../../ui/icons';
import { useAction } from '../../ui/use-action';

type Ttl = 'accessTokenTtl' | 'refreshTokenTtl' | 'authorizationCodeTtl';
const ttlFields: { key: Ttl; label: string; hint: string }[] = [
  { key: 'accessTokenTtl', label: 'Access token lifetime', hint: 'ChatGPT refreshes when it expires.' },
  { key: 'refreshTokenTtl', label: 'Refresh token lifetime', hint: 'After this, users must reinstall.' },
  { key: 'authorizationCodeTtl', label: 'Authorization code lifetime', hint: 'ChatGPT exchanges it within seconds.' },
];

export function humanDuration(seconds: number): string {
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172800) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86400)} days`;
}

/** How the OAuth server behaves: token body encoding, scope, lifetimes, accepted redirect URIs. */
export function OAuthSection() {
  const { api } = useControl();
  const settings = useSettings();
  const s = settings.data;
  const save = useAction(async (patch: SettingsPatch) => {
    settings.set(await api.updateSettings(patch));
  });

  const [ttls, setTtls] = useState<Record<Ttl, string>>({ accessTokenTtl: '', refreshTokenTtl: '', authorizationCodeTtl: '' });
  const [scope, setScope] = useState('');
  const [newUri, setNewUri] = useState('');
  useEffect(() => {
    if (!s) return;
    setTtls({
      accessTokenTtl: String(s.accessTokenTtl),
      refreshTokenTtl: String(s.refreshTokenTtl),
      authorizationCodeTtl: String(s.authorizationCodeTtl),
    });
    setScope(s.scope);
  }, [s]);

  if (!s) return <Card title="OAuth" description="Loading…" />;

  const ttlErrors: Partial<Record<Ttl, string>> = {};
  for (const { key } of ttlFields) {
    const n = Number(ttls[key]);
    if (!/^\d+$/.test(ttls[key].trim()) || n < 1) ttlErrors[key] = 'Whole seconds, at least 1.';
  }
  const ttlDirty = ttlFields.some(({ key }) => Number(ttls[key]) !== s[key]);
  const submitTtls = (event: FormEvent) => {
    event.preventDefault();
    if (Object.keys(ttlErrors).length === 0) {
      void save.run({
        accessTokenTtl: Number(ttls.accessTokenTtl),
        refreshTokenTtl: Number(ttls.refreshTokenTtl),
        authorizationCodeTtl: Number(ttls.authorizationCodeTtl),
        scope,
      });
    }
  };
  const uriError =
    newUri.trim() && !(/^https?:\/\//i.test(newUri.trim()) && URL.canParse(newUri.trim())) ? 'Must be an absolute http(s) URL.' : null;
  const uriWarning = httpWarning(newUri, 'This redirect URI');
  const addUri = (event: FormEvent) => {
    event.preventDefault();
    const uri = newUri.trim();
    if (!uri || uriError) return;
    if (s.redirectUris.includes(uri)) return setNewUri('');
    void save.run({ redirectUris: [...s.redirectUris, uri] }).then(() => setNewUri(''));
  };
  const serverFieldError = (field: keyof Settings) => (save.error?.field?.startsWith(field) ? save.error.message : null);

  return (
    <Card id="oauth" title="OAuth" description="How the token endpoint reads requests and how long what it issues lives.">
      <fieldset className="fieldset">
        <legend className="field-label">
          Token request content type (<code>authorization_content_type</code>)
        </legend>
        <div className="segmented">
          {(['application/json', 'application/x-www-form-urlencoded'] as const).map((type) => (
            <label key={type} className={`segment${s.authorizationContentType === type ? ' active' : ''}`}>
              <input
                type="radio"
                name="content-type"
                value={type}
                checked={s.authorizationContentType === type}
                onChange={() => void save.run({ authorizationContentType: type })}
              />
              <span className="mono small">{type}</span>
            </label>
          ))}
        </div>
        <p className="field-hint">Handshake accepts both; this is what the manifest tells ChatGPT to send.</p>
      </fieldset>

      <form className="form-grid" onSubmit={submitTtls} noValidate>
        {ttlFields.map(({ key, label, hint }) => (
          <div className="field" key={key}>
            <label className="field-label" htmlFor={`ttl-${key}`}>
              {label} (seconds)
            </label>
            <div className="input-with-suffix">
              <input
                id={`ttl-${key}`}
                inputMode="numeric"
                value={ttls[key]}
                onChange={(e) => setTtls({ ...ttls, [key]: e.target.value })}
                aria-invalid={ttlErrors[key] || serverFieldError(key) ? true : undefined}
                aria-describedby={`ttl-${key}-hint`}
              />
              <span className="suffix muted small">{ttlErrors[key] ? '' : humanDuration(Number(ttls[key]))}</span>
            </div>
            <span className={ttlErrors[key] ? 'field-error' : 'field-hint'} id={`ttl-${key}-hint`}>
              {ttlErrors[key] ?? serverFieldError(key) ?? hint}
            </span>
            {key === 'accessTokenTtl' && (
              <button
                type="button"
                className="button ghost small-button"
                onClick={() => void save.run({ accessTokenTtl: 59 })}
                disabled={s.accessTokenTtl === 59}
              >
                59 s, to exercise refresh
              </button>
            )}
          </div>
        ))}
        <div className="field">
          <label className="field-label" htmlFor="scope">
            Scope
          </label>
          <input id="scope" value={scope} onChange={(e) => setScope(e.target.value)} placeholder="empty — ChatGPT sends scope= anyway" />
          <span className="field-hint">
            Goes in the manifest’s <code>auth.scope</code>.
          </span>
        </div>
        <div className="form-actions wide">
          <button
            type="submit"
            className="button primary"
            disabled={!(ttlDirty || scope !== s.scope) || Object.keys(ttlErrors).length > 0 || save.busy}
          >
            Save lifetimes and scope
          </button>
        </div>
      </form>

      <div className="subsection">
        <h3 className="subsection-title">MCP clients</h3>
        <label className="check">
          <input
            type="checkbox"
            checked={s.consentForOwnClients}
            onChange={(e) => void save.run({ consentForOwnClients: e.target.checked })}
          />
          <span>Show the consent page to your own clients too (clients registered by ChatGPT or Codex always see it)</span>
        </label>
        <div className="field">
          <label className="field-label" htmlFor="reuse-interval">
            Refresh-token reuse interval (seconds)
          </label>
          <select
            id="reuse-interval"
            value={s.refreshTokenReuseInterval}
            onChange={(e) => void save.run({ refreshTokenReuseInterval: Number(e.target.value) })}
            aria-describedby="reuse-interval-hint"
          >
            {[0, 2, 5, 10, 30].map((seconds) => (
              <option key={seconds} value={seconds}>
                {seconds === 0 ? '0 — strict: a reused refresh token revokes the grant' : `${seconds} s of leeway`}
              </option>
            ))}
          </select>
          <span className="field-hint" id="reuse-interval-hint">
            A few seconds emulates Auth0’s and Okta’s leeway, for clients that refresh from parallel requests.
          </span>
        </div>
        <div className="field">
          <label className="field-label" htmlFor="registration-expiry">
            Forget registered clients unused for
          </label>
          <select
            id="registration-expiry"
            value={s.registrationExpiryDays}
            onChange={(e) => void save.run({ registrationExpiryDays: Number(e.target.value) })}
            aria-describedby="registration-expiry-hint"
          >
            {[...new Set([1, 7, 30, 90, 365, 0, s.registrationExpiryDays])].map((days) => (
              <option key={days} value={days}>
                {days === 0 ? 'never' : `${days} day${days === 1 ? '' : 's'}`}
              </option>
            ))}
          </select>
          <span className="field-hint" id="registration-expiry-hint">
            Anyone who reaches your public URL can register a client (DCR), so Handshake keeps at most 1,000, dropping the oldest never used
            first. Clients you added yourself are never forgotten.
          </span>
        </div>
      </div>

      <div className="subsection">
        <h3 className="subsection-title">Redirect URIs</h3>
        <label className="check">
          <input
            type="checkbox"
            checked={s.allowChatGptCallbacks}
            onChange={(e) => void save.run({ allowChatGptCallbacks: e.target.checked })}
          />
          <span>
            Accept ChatGPT’s own callbacks (<code className="small">https://chat.openai.com/aip/…/oauth/callback</code> and the chatgpt.com
            twin)
          </span>
        </label>
        {s.redirectUris.length > 0 ? (
          <ul className="uri-list" aria-label="Extra redirect URIs">
            {s.redirectUris.map((uri) => (
              <li key={uri}>
                <code className="mono small">{uri}</code>
                {httpWarning(uri, 'This redirect URI') && (
                  <span className="warn-text small http-flag" title={httpWarning(uri, 'This redirect URI')!}>
                    <Icon name="alert" size={12} /> http:// — ChatGPT needs https
                  </span>
                )}
                <button
                  type="button"
                  className="button icon-button"
                  aria-label={`Remove ${uri}`}
                  title="Remove"
                  onClick={() => void save.run({ redirectUris: s.redirectUris.filter((u) => u !== uri) })}
                >
                  <Icon name="x" />
                </button>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted small">No extra redirect URIs. Add one to test with another client (e.g. a GPT Action callback).</p>
        )}
        <form className="inline-form" onSubmit={addUri} noValidate>
          <div className="field grow">
            <label className="field-label" htmlFor="new-redirect-uri">
              Add a redirect URI
            </label>
            <input
              id="new-redirect-uri"
              value={newUri}
              onChange={(e) => {
                setNewUri(e.target.value);
                save.clearError();
              }}
              placeholder="https://chatgpt.com/aip/g-…/oauth/callback"
              aria-invalid={uriError ? true : undefined}
              aria-describedby={uriError || uriWarning ? 'new-redirect-uri-note' : undefined}
            />
            {uriError && (
              <span className="field-error" id="new-redirect-uri-note">
                {uriError}
              </span>
            )}
            {!uriError && uriWarning && (
              <span className="warn-text small" id="new-redirect-uri-note">
                {uriWarning}
              </span>
            )}
          </div>
          <button type="submit" className="button secondary" disabled={!newUri.trim() || Boolean(uriError)}>
            <Icon name="plus" /> Add
          </button>
        </form>
      </div>
      <ErrorMessage error={save.error} />
    </Card>
  );
}

import { type FormEvent, useState } from 'react';
import type { CreatedClient } from '../../../server/store/records';
import { useControl } from '../../state/control-context';
import { CopyButton } from '../../ui/copy-button';
import { ErrorMessage } from '../../ui/error-message';
import { useAction } from '../../ui/use-action';
import { authMethodLabels, type ManualAuthMethod, manualAuthMethods } from './client-kind';

const methods = manualAuthMethods;

/** Adds a client; its secret is shown once, here, because Handshake keeps only its hash. */
export function AddClientForm({ onAdded }: { onAdded: () => void }) {
  const { api } = useControl();
  const [name, setName] = useState('');
  const [redirects, setRedirects] = useState('');
  const [method, setMethod] = useState<ManualAuthMethod>('client_secret_basic');
  const [created, setCreated] = useState<CreatedClient | null>(null);
  const add = useAction(async () => {
    const redirectUris = redirects.split(/\s+/).filter(Boolean);
    setCreated(await api.createClient({ name: name.trim(), redirectUris, tokenEndpointAuthMethod: method }));
    setName('');
    setRedirects('');
    onAdded();
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setCreated(null);
    void add.run();
  };
  const field = add.error?.field;
  return (
    <>
      <form className="add-client" onSubmit={submit} aria-label="Add a client">
        <label className="field">
          <span className="field-label">Name</span>
          <input
            required
            value={name}
            onChange={(e) => setName(e.target.value)}
            autoComplete="off"
            aria-invalid={field === 'name' || undefined}
          />
        </label>
        <div className="field">
          <label className="field-label" htmlFor="new-client-redirects">
            Redirect URIs
          </label>
          <textarea
            id="new-client-redirects"
            required
            rows={2}
            value={redirects}
            onChange={(e) => setRedirects(e.target.value)}
            placeholder="https://chatgpt.com/connector/oauth/…"
            aria-invalid={field === 'redirectUris' || undefined}
            aria-describedby="new-client-redirects-hint"
          />
          <span className="field-hint" id="new-client-redirects-hint">
            One per line; https, or http on 127.0.0.1 / localhost (any port).
          </span>
        </div>
        <label className="field">
          <span className="field-label">Authentication at the token endpoint</span>
          <select value={method} onChange={(e) => setMethod(e.target.value as ManualAuthMethod)}>
            {methods.map((value) => (
              <option key={value} value={value}>
                {authMethodLabels[value]}
              </option>
            ))}
          </select>
        </label>
        <div className="add-client-submit">
          <button type="submit" className="button primary" disabled={add.busy}>
            {add.busy ? 'Adding…' : 'Add client'}
          </button>
        </div>
      </form>
      <ErrorMessage error={add.error} />
      {created && (
        <div className="created-client" role="status">
          <p className="strong">
            Added “{created.name}”. Enter these in your MCP host{created.secret ? ' — the secret is shown only now' : ''}:
          </p>
          <dl className="credentials">
            <dt>Client ID</dt>
            <dd className="mono">
              {created.id} <CopyButton value={created.id} label="Copy the new client ID" compact />
            </dd>
            {created.secret && (
              <>
                <dt>Client secret</dt>
                <dd className="mono">
                  {created.secret} <CopyButton value={created.secret} label="Copy the new client secret" compact />
                </dd>
              </>
            )}
          </dl>
        </div>
      )}
    </>
  );
}

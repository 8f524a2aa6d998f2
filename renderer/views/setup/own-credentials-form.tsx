import { type FormEvent, useState } from 'react';
import type { ClientView } from '../../../server/store/records';
import { useControl } from '../../state/control-context';
import { ErrorMessage } from '../../ui/error-message';
import { useAction } from '../../ui/use-action';

const printable = /^[\x21-\x7e]+$/;

/** Same rules as clientInputSchema, shown while typing. */
export function ownCredentialsErrors(id: string, secret: string): { id?: string; secret?: string } {
  const errors: { id?: string; secret?: string } = {};
  if (id.length < 3 || !printable.test(id)) errors.id = 'At least 3 printable characters, no spaces.';
  if (secret.length < 16 || !printable.test(secret)) errors.secret = 'At least 16 printable characters, no spaces.';
  return errors;
}

/** For a plugin already registered in ChatGPT with other credentials: make Handshake accept those. */
export function OwnCredentialsForm({ onSaved }: { onSaved: (client: ClientView) => void }) {
  const { api } = useControl();
  const [id, setId] = useState('');
  const [secret, setSecret] = useState('');
  const [touched, setTouched] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const save = useAction(async () => {
    setSaved(null);
    const client = await api.setClient({ id, secret });
    onSaved(client);
    setId('');
    setSecret('');
    setTouched(false);
    setSaved(`Saved: Handshake now accepts client ID ${client.id} with that secret.`);
  });
  const edit = (set: (value: string) => void) => (value: string) => {
    set(value);
    setSaved(null);
    save.clearError();
  };
  const errors = ownCredentialsErrors(id, secret);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (!errors.id && !errors.secret) void save.run();
  };
  const fieldError = (field: 'id' | 'secret') =>
    (touched ? errors[field] : undefined) ?? (save.error?.field === field ? save.error.message : undefined);

  return (
    <details className="own-credentials">
      <summary>Use your own client ID and secret</summary>
      <form className="form-grid" onSubmit={submit} noValidate>
        <div className="field">
          <label className="field-label" htmlFor="own-client-id">
            Your client ID
          </label>
          <input
            id="own-client-id"
            className="mono"
            value={id}
            onChange={(e) => edit(setId)(e.target.value.trim())}
            autoComplete="off"
            aria-invalid={fieldError('id') ? true : undefined}
            aria-describedby={fieldError('id') ? 'own-client-id-error' : undefined}
          />
          {fieldError('id') && (
            <span className="field-error" id="own-client-id-error">
              {fieldError('id')}
            </span>
          )}
        </div>
        <div className="field">
          <label className="field-label" htmlFor="own-client-secret">
            Your client secret
          </label>
          <input
            id="own-client-secret"
            className="mono"
            type="password"
            value={secret}
            onChange={(e) => edit(setSecret)(e.target.value)}
            autoComplete="off"
            aria-invalid={fieldError('secret') ? true : undefined}
            aria-describedby={fieldError('secret') ? 'own-client-secret-error' : undefined}
          />
          {fieldError('secret') && (
            <span className="field-error" id="own-client-secret-error">
              {fieldError('secret')}
            </span>
          )}
        </div>
        <div className="form-actions wide">
          <button type="submit" className="button secondary" disabled={save.busy}>
            Save these credentials
          </button>
          {saved ? (
            <span className="ok-text small" role="status">
              {saved}
            </span>
          ) : (
            <span className="muted small">ChatGPT must then use exactly these.</span>
          )}
        </div>
      </form>
      {save.error && !save.error.field && <ErrorMessage error={save.error} />}
    </details>
  );
}

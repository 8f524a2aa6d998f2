import { type FormEvent, useState } from 'react';
import { useControl } from '../../state/control-context';
import { ErrorMessage } from '../../ui/error-message';
import { useAction } from '../../ui/use-action';

export function AddUserForm({ onAdded }: { onAdded: () => void }) {
  const { api } = useControl();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [name, setName] = useState('');
  const [emailVerified, setEmailVerified] = useState(true);
  const add = useAction(async () => {
    await api.createUser({ email: email.trim(), password, name: name.trim(), emailVerified });
    setEmail('');
    setPassword('');
    setName('');
    setEmailVerified(true);
    onAdded();
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void add.run();
  };
  const field = add.error?.field;
  const describedBy = (name: string, hint?: string) =>
    [hint, field === name ? 'add-user-error' : undefined].filter(Boolean).join(' ') || undefined;
  // The refusal belongs to what was typed: the next edit clears it.
  const edit = (set: (value: string) => void) => (event: { target: { value: string } }) => {
    set(event.target.value);
    add.clearError();
  };

  return (
    <form className="add-user" onSubmit={submit} aria-label="Add a user">
      <label className="field">
        <span className="field-label">Email</span>
        <input
          type="email"
          required
          value={email}
          onChange={edit(setEmail)}
          autoComplete="off"
          aria-invalid={field === 'email' || undefined}
          aria-describedby={describedBy('email')}
        />
      </label>
      <div className="field">
        <label className="field-label" htmlFor="new-user-password">
          Password
        </label>
        <input
          id="new-user-password"
          type="password"
          required
          minLength={8}
          value={password}
          onChange={edit(setPassword)}
          autoComplete="new-password"
          aria-invalid={field === 'password' || undefined}
          aria-describedby={describedBy('password', 'password-hint')}
        />
        <span className="field-hint" id="password-hint">
          At least 8 characters.
        </span>
      </div>
      <label className="field">
        <span className="field-label">Name (optional)</span>
        <input
          value={name}
          onChange={edit(setName)}
          autoComplete="off"
          aria-invalid={field === 'name' || undefined}
          aria-describedby={describedBy('name')}
        />
      </label>
      <div className="add-user-submit">
        <button type="submit" className="button primary" disabled={add.busy}>
          {add.busy ? 'Adding…' : 'Add user'}
        </button>
      </div>
      <label className="check small add-user-verified">
        <input type="checkbox" checked={emailVerified} onChange={(e) => setEmailVerified(e.target.checked)} />
        <span>Email verified (sent as email_verified in id_tokens and UserInfo)</span>
      </label>
      <div className="add-user-error">
        <ErrorMessage error={add.error} id="add-user-error" />
      </div>
    </form>
  );
}

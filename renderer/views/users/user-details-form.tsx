import { type FormEvent, useState } from 'react';
import type { UserView } from '../../../server/store/records';
import { useControl } from '../../state/control-context';
import { ErrorMessage } from '../../ui/error-message';
import { useAction } from '../../ui/use-action';

/**
 * Edit a user's email, name and whether the email counts as verified (`email_verified` in id_tokens and UserInfo,
 * which ChatGPT's workspace domain restrictions need true). A refusal is shown under the field it names until that field
 * is edited.
 */
export function UserDetailsForm({ user, onSaved, onCancel }: { user: UserView; onSaved: () => void; onCancel: () => void }) {
  const { api } = useControl();
  const [email, setEmail] = useState(user.email);
  const [name, setName] = useState(user.name);
  const [emailVerified, setEmailVerified] = useState(user.emailVerified);
  const save = useAction(async () => {
    await api.updateUser({ id: user.id, email: email.trim(), name: name.trim(), emailVerified });
    onSaved();
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void save.run();
  };
  const errorOf = (field: 'email' | 'name') => (save.error?.field === field ? save.error.message : null);
  const id = (suffix: string) => `user-${user.id}-${suffix}`;

  return (
    <form className="inline-form" onSubmit={submit} aria-label={`Edit ${user.email}`} noValidate>
      <div className="field grow">
        <label className="field-label" htmlFor={id('email')}>
          Email
        </label>
        <input
          id={id('email')}
          type="email"
          value={email}
          onChange={(e) => {
            setEmail(e.target.value);
            save.clearError();
          }}
          autoComplete="off"
          aria-invalid={errorOf('email') ? true : undefined}
          aria-describedby={errorOf('email') ? id('email-error') : undefined}
        />
        {errorOf('email') && (
          <span className="field-error" id={id('email-error')}>
            {errorOf('email')}
          </span>
        )}
      </div>
      <div className="field grow">
        <label className="field-label" htmlFor={id('name')}>
          Name
        </label>
        <input
          id={id('name')}
          value={name}
          onChange={(e) => {
            setName(e.target.value);
            save.clearError();
          }}
          autoComplete="off"
          aria-invalid={errorOf('name') ? true : undefined}
          aria-describedby={errorOf('name') ? id('name-error') : undefined}
        />
        {errorOf('name') && (
          <span className="field-error" id={id('name-error')}>
            {errorOf('name')}
          </span>
        )}
      </div>
      <label className="check small">
        <input type="checkbox" checked={emailVerified} onChange={(e) => setEmailVerified(e.target.checked)} />
        <span>Email verified</span>
      </label>
      <button
        type="submit"
        className="button primary"
        disabled={save.busy || (email.trim() === user.email && name.trim() === user.name && emailVerified === user.emailVerified)}
      >
        Save details
      </button>
      <button type="button" className="button secondary" onClick={onCancel}>
        Cancel
      </button>
      {save.error && !save.error.field && <ErrorMessage error={save.error} />}
    </form>
  );
}

import { type FormEvent, useState } from 'react';
import type { GrantView, UserView } from '../../../server/store/records';
import { useControl } from '../../state/control-context';
import { ConfirmButton } from '../../ui/confirm-button';
import { ErrorMessage } from '../../ui/error-message';
import { Icon } from '../../ui/icons';
import { useAction } from '../../ui/use-action';
import { demoUserEmail } from './demo-user';
import { UserDetailsForm } from './user-details-form';

const when = (iso: string) => new Date(iso).toLocaleString();

/** One user: details (editable), password, delete, and their grants with revoke. */
export function UserRow({ user, grants, onChanged }: { user: UserView; grants: GrantView[]; onChanged: () => void }) {
  const { api } = useControl();
  const [open, setOpen] = useState<'password' | 'details' | null>(null);
  const changing = open === 'password';
  const setChanging = (next: boolean) => setOpen(next ? 'password' : null);
  const [password, setPassword] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  const toggle = (form: 'password' | 'details') => {
    setOpen(open === form ? null : form);
    setNotice(null);
    changePassword.clearError();
  };
  const passwordErrorId = `user-${user.id}-password-error`;

  const changePassword = useAction(async () => {
    await api.updateUser({ id: user.id, password });
    setPassword('');
    setChanging(false);
    setNotice('Password changed.');
  });
  const remove = useAction(async () => {
    await api.deleteUser({ id: user.id });
    onChanged();
  });
  const revoke = useAction(async (grantId: string) => {
    await api.revokeGrant({ id: grantId });
    onChanged();
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void changePassword.run();
  };

  return (
    <li className="user" aria-label={user.email}>
      <div className="user-main">
        <div className="avatar" aria-hidden="true">
          {(user.name || user.email).slice(0, 1).toUpperCase()}
        </div>
        <div className="user-text">
          <div className="strong">{user.email}</div>
          <div className="muted small">
            {user.name ? `${user.name} · ` : ''}added {when(user.createdAt)} · {user.activeGrants} active grant
            {user.activeGrants === 1 ? '' : 's'}
            {user.emailVerified ? ' · email verified' : <span className="warn-text"> · email not verified</span>}
          </div>
        </div>
        <div className="user-actions">
          <button type="button" className="button ghost" onClick={() => toggle('details')} aria-expanded={open === 'details'}>
            Edit
          </button>
          <button type="button" className="button ghost" onClick={() => toggle('password')} aria-expanded={changing}>
            <Icon name="key" /> {user.email === demoUserEmail ? 'Set a password' : 'Change password'}
          </button>
          <ConfirmButton label={`Delete ${user.email}`} confirmText={`Delete ${user.email}`} onConfirm={() => void remove.run()}>
            <Icon name="trash" /> Delete
          </ConfirmButton>
        </div>
      </div>
      {user.email === demoUserEmail && (
        <p className="muted small demo-note">
          Handshake created this demo user at its first start and printed its password once, in the terminal that ran{' '}
          <code>npm run serve</code> (or the desktop app’s log). Lost it? <em>Set a password</em> gives it one you know.
        </p>
      )}
      {open === 'details' && (
        <UserDetailsForm
          user={user}
          onCancel={() => setOpen(null)}
          onSaved={() => {
            setOpen(null);
            setNotice('Details saved.');
            onChanged();
          }}
        />
      )}
      {changing && (
        <form className="inline-form" onSubmit={submit} noValidate>
          <div className="field grow">
            <label className="field-label" htmlFor={`user-${user.id}-password`}>
              New password for {user.email}
            </label>
            <input
              id={`user-${user.id}-password`}
              type="password"
              value={password}
              onChange={(e) => {
                setPassword(e.target.value);
                setNotice(null);
                changePassword.clearError();
              }}
              autoComplete="new-password"
              aria-invalid={changePassword.error ? true : undefined}
              aria-describedby={changePassword.error ? passwordErrorId : undefined}
            />
          </div>
          <button type="submit" className="button primary" disabled={changePassword.busy}>
            Save password
          </button>
          <button type="button" className="button secondary" onClick={() => setChanging(false)}>
            Cancel
          </button>
        </form>
      )}
      {notice && (
        <p className="ok-text small" role="status">
          {notice}
        </p>
      )}
      <ErrorMessage error={changePassword.error} id={passwordErrorId} />
      <ErrorMessage error={remove.error ?? revoke.error} />
      {grants.length > 0 && (
        <table className="grants">
          <caption className="visually-hidden">Grants of {user.email}</caption>
          <thead>
            <tr>
              <th scope="col">Client</th>
              <th scope="col">Issued</th>
              <th scope="col">Access token</th>
              <th scope="col">Refresh token until</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {grants.map((grant) => (
              <tr key={grant.id}>
                <td className="mono small">
                  {grant.clientId}
                  {grant.scope ? ` · ${grant.scope}` : ''}
                </td>
                <td className="small">
                  {when(grant.refreshedAt ?? grant.createdAt)}
                  {grant.refreshedAt ? ' (refreshed)' : ''}
                </td>
                <td className="small">
                  {grant.state === 'active' ? (
                    `valid until ${new Date(grant.accessTokenExpiresAt).toLocaleTimeString()}`
                  ) : (
                    <span className="warn-text">expired — refreshable</span>
                  )}
                </td>
                <td className="small">{when(grant.refreshTokenExpiresAt)}</td>
                <td>
                  <ConfirmButton label={`Revoke grant ${grant.id}`} confirmText="Revoke" onConfirm={() => void revoke.run(grant.id)}>
                    Revoke
                  </ConfirmButton>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </li>
  );
}

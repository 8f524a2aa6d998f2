import { useState, type FormEvent } from 'react';
import type { GrantView, UserView } from '../../../server/store/records';
import { useControl } from '../../state/control-context';
import { ConfirmButton } from '../../ui/confirm-button';
import { ErrorMessage } from '../../ui/error-message';
import { Icon } from '../../ui/icons';
import { useAction } from '../../ui/use-action';

const when = (iso: string) => new Date(iso).toLocaleString();

/** One user: details, change password, delete, and their grants with revoke. */
export function UserRow({ user, grants, onChanged }: { user: UserView; grants: GrantView[]; onChanged: () => void }) {
  const { api } = useControl();
  const [changing, setChanging] = useState(false);
  const [password, setPassword] = useState('');
  const [notice, setNotice] = useState<string | null>(null);

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
        <div className="avatar" aria-hidden="true">{(user.name || user.email).slice(0, 1).toUpperCase()}</div>
        <div className="user-text">
          <div className="strong">{user.email}</div>
          <div className="muted small">
            {user.name ? `${user.name} · ` : ''}added {when(user.createdAt)} · {user.activeGrants} active grant{user.activeGrants === 1 ? '' : 's'}
          </div>
        </div>
        <div className="user-actions">
          <button type="button" className="button ghost" onClick={() => { setChanging((c) => !c); setNotice(null); }} aria-expanded={changing}>
            <Icon name="key" /> Change password
          </button>
          <ConfirmButton label={`Delete ${user.email}`} confirmText={`Delete ${user.email}`} onConfirm={() => void remove.run()}>
            <Icon name="trash" /> Delete
          </ConfirmButton>
        </div>
      </div>
      {changing && (
        <form className="inline-form" onSubmit={submit}>
          <label className="field grow">
            <span className="field-label">New password for {user.email}</span>
            <input type="password" minLength={8} required value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="new-password" />
          </label>
          <button type="submit" className="button primary" disabled={changePassword.busy}>Save password</button>
          <button type="button" className="button secondary" onClick={() => setChanging(false)}>Cancel</button>
        </form>
      )}
      {notice && <p className="ok-text small" role="status">{notice}</p>}
      <ErrorMessage error={changePassword.error ?? remove.error ?? revoke.error} />
      {grants.length > 0 && (
        <table className="grants">
          <caption className="visually-hidden">Grants of {user.email}</caption>
          <thead>
            <tr>
              <th scope="col">Client</th>
              <th scope="col">Issued</th>
              <th scope="col">Access token</th>
              <th scope="col">Refresh token until</th>
              <th scope="col"><span className="visually-hidden">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            {grants.map((grant) => (
              <tr key={grant.id}>
                <td className="mono small">{grant.clientId}{grant.scope ? ` · ${grant.scope}` : ''}</td>
                <td className="small">{when(grant.refreshedAt ?? grant.createdAt)}{grant.refreshedAt ? ' (refreshed)' : ''}</td>
                <td className="small">
                  {grant.state === 'active' ? `valid until ${new Date(grant.accessTokenExpiresAt).toLocaleTimeString()}` : <span className="warn-text">expired — refreshable</span>}
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

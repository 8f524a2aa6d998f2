import { useMemo } from 'react';
import type { GrantView, UserView } from '../../../server/store/records';
import { useResource } from '../../state/use-resource';
import { Card } from '../../ui/card';
import { ErrorMessage } from '../../ui/error-message';
import { AddUserForm } from './add-user-form';
import { LoginPageLink } from './login-page-link';
import { UserRow } from './user-row';

/** The people who can sign in on the login page, and the grants ChatGPT holds for them. */
export function UsersView() {
  const users = useResource<UserView[]>((api) => api.listUsers(undefined), 'users');
  const grants = useResource<GrantView[]>((api) => api.listGrants(undefined), 'grants');
  const grantsByUser = useMemo(() => {
    const map = new Map<string, GrantView[]>();
    for (const grant of grants.data ?? []) map.set(grant.userId, [...(map.get(grant.userId) ?? []), grant]);
    return map;
  }, [grants.data]);
  const refresh = () => {
    users.reload();
    grants.reload();
  };

  return (
    <div className="view">
      <header className="view-header">
        <div>
          <h1>Users</h1>
          <p className="muted">Accounts for Handshake’s login page. When ChatGPT sends you to sign in, use one of these.</p>
        </div>
      </header>
      <Card title="Add a user" id="add-user">
        <AddUserForm onAdded={refresh} />
      </Card>
      <Card
        title="Users"
        id="user-list"
        description={users.data ? `${users.data.length} user${users.data.length === 1 ? '' : 's'}` : undefined}
        actions={<LoginPageLink />}
      >
        <ErrorMessage error={users.error} prefix="Could not load users" />
        <ErrorMessage error={grants.error} prefix="Could not load grants" />
        {users.data && users.data.length === 0 && (
          <div className="empty">
            <p className="strong">No users yet</p>
            <p className="muted">Add one above — you will sign in as them on the login page ChatGPT opens.</p>
          </div>
        )}
        {users.data && users.data.length > 0 && (
          <ul className="user-list" aria-label="Users">
            {users.data.map((user) => (
              <UserRow key={user.id} user={user} grants={grantsByUser.get(user.id) ?? []} onChanged={refresh} />
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}

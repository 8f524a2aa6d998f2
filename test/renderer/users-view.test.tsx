import { screen, waitFor, within } from '@testing-library/react';
import { FakeControlApi } from './fake-control-api';
import { renderApp } from './render-app';

function withAda(): FakeControlApi {
  const api = new FakeControlApi();
  api.users.push({
    id: 'u1',
    email: 'ada@example.com',
    name: 'Ada',
    emailVerified: true,
    createdAt: '2026-01-01T10:00:00.000Z',
    updatedAt: '2026-01-01T10:00:00.000Z',
    activeGrants: 0,
  });
  api.grants.push({
    id: 'g1',
    clientId: 'handshake-client',
    userId: 'u1',
    userEmail: 'ada@example.com',
    scope: '',
    flowId: 'f1',
    createdAt: '2026-01-01T10:01:00.000Z',
    refreshedAt: null,
    accessTokenExpiresAt: '2026-01-01T11:01:00.000Z',
    refreshTokenExpiresAt: '2026-01-31T10:01:00.000Z',
    state: 'active',
  });
  return api;
}

describe('Users view', () => {
  it('says what to do when there are no users', async () => {
    await renderApp('Users');
    expect(await screen.findByText('No users yet')).toBeInTheDocument();
  });

  it('adds a user and lists them', async () => {
    const { api, user } = await renderApp('Users');
    await user.type(screen.getByLabelText('Email'), 'grace@example.com');
    await user.type(screen.getByLabelText('Password'), 'correct horse');
    await user.type(screen.getByLabelText('Name (optional)'), 'Grace');
    await user.click(screen.getByRole('button', { name: 'Add user' }));
    const list = await screen.findByRole('list', { name: 'Users' });
    expect(within(list).getByText('grace@example.com')).toBeInTheDocument();
    expect(api.users[0]).toMatchObject({ email: 'grace@example.com', name: 'Grace' });
    expect(screen.getByLabelText('Email')).toHaveValue('');
  });

  it('shows a refused add where it happened and keeps the input', async () => {
    const { user } = await renderApp('Users', withAda());
    await screen.findByText('ada@example.com');
    await user.type(screen.getByLabelText('Email'), 'ada@example.com');
    await user.type(screen.getByLabelText('Password'), 'long enough');
    await user.click(screen.getByRole('button', { name: 'Add user' }));
    const form = screen.getByRole('form', { name: 'Add a user' });
    expect(await within(form).findByRole('alert')).toHaveTextContent('already exists');
    expect(screen.getByLabelText('Email')).toHaveValue('ada@example.com');
    expect(screen.getByLabelText('Email')).toHaveAttribute('aria-invalid', 'true');
  });

  it('changes a password', async () => {
    const { api, user } = await renderApp('Users', withAda());
    await user.click(await screen.findByRole('button', { name: /Change password/ }));
    await user.type(screen.getByLabelText('New password for ada@example.com'), 'new password 1');
    await user.click(screen.getByRole('button', { name: 'Save password' }));
    expect(await screen.findByText('Password changed.')).toBeInTheDocument();
    expect(api.calls.find((c) => c.method === 'updateUser')?.input).toEqual({ id: 'u1', password: 'new password 1' });
  });

  it('deletes a user only after confirmation', async () => {
    const { api, user } = await renderApp('Users', withAda());
    await user.click(await screen.findByRole('button', { name: 'Delete ada@example.com' }));
    expect(api.users).toHaveLength(1);
    await user.click(screen.getByRole('button', { name: 'Delete ada@example.com' }));
    await waitFor(() => expect(screen.getByText('No users yet')).toBeInTheDocument());
    expect(api.users).toHaveLength(0);
  });

  it('lists a user’s grants and revokes one', async () => {
    const { api, user } = await renderApp('Users', withAda());
    const grants = await screen.findByRole('table', { name: 'Grants of ada@example.com' });
    expect(grants).toHaveTextContent('handshake-client');
    await user.click(within(grants).getByRole('button', { name: 'Revoke grant g1' }));
    await user.click(within(grants).getByRole('button', { name: 'Revoke' }));
    await waitFor(() => expect(screen.queryByRole('table', { name: 'Grants of ada@example.com' })).not.toBeInTheDocument());
    expect(api.grants).toHaveLength(0);
  });
});

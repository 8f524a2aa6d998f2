import { screen, waitFor, within } from '@testing-library/react';
import { demoUserEmail } from '../../renderer/views/users/demo-user';
import { demoUserEmail as serverDemoUserEmail } from '../../server/core/first-run';
import { FakeControlApi } from './fake-control-api';
import { renderApp } from './render-app';

function withUsers(): FakeControlApi {
  const api = new FakeControlApi();
  const at = '2026-01-01T10:00:00.000Z';
  api.users.push(
    { id: 'u1', email: 'ada@example.com', name: 'Ada', emailVerified: true, createdAt: at, updatedAt: at, activeGrants: 0 },
    { id: 'u2', email: 'grace@example.com', name: 'Grace', emailVerified: true, createdAt: at, updatedAt: at, activeGrants: 0 },
    { id: 'u0', email: demoUserEmail, name: 'Demo User', emailVerified: true, createdAt: at, updatedAt: at, activeGrants: 0 },
  );
  return api;
}

const row = (email: string) => screen.getByRole('listitem', { name: email });

describe('Users: edit, the demo user, trying the login page', () => {
  it('edits email and name', async () => {
    const { api, user } = await renderApp('Users', withUsers());
    await screen.findByText('ada@example.com');
    await user.click(within(row('ada@example.com')).getByRole('button', { name: 'Edit' }));
    const form = screen.getByRole('form', { name: 'Edit ada@example.com' });
    await user.clear(within(form).getByLabelText('Email'));
    await user.type(within(form).getByLabelText('Email'), 'ada.lovelace@example.com');
    await user.clear(within(form).getByLabelText('Name'));
    await user.type(within(form).getByLabelText('Name'), 'Ada Lovelace');
    await user.click(within(form).getByRole('button', { name: 'Save details' }));
    expect(await screen.findByText('Details saved.')).toBeInTheDocument();
    expect(api.calls.find((c) => c.method === 'updateUser')?.input).toEqual({
      id: 'u1',
      email: 'ada.lovelace@example.com',
      name: 'Ada Lovelace',
      emailVerified: true,
    });
    await waitFor(() => expect(screen.getByText('ada.lovelace@example.com')).toBeInTheDocument());
  });

  it('marks an email as not verified, and a new user’s as verified unless told otherwise', async () => {
    const { api, user } = await renderApp('Users', withUsers());
    await screen.findByText('grace@example.com');
    expect(row('grace@example.com')).toHaveTextContent('email verified');
    await user.click(within(row('grace@example.com')).getByRole('button', { name: 'Edit' }));
    const form = screen.getByRole('form', { name: 'Edit grace@example.com' });
    const verified = within(form).getByRole('checkbox', { name: 'Email verified' });
    expect(verified).toBeChecked();
    await user.click(verified);
    await user.click(within(form).getByRole('button', { name: 'Save details' }));
    await waitFor(() => expect(row('grace@example.com')).toHaveTextContent('email not verified'));
    expect(api.calls.find((c) => c.method === 'updateUser')?.input).toMatchObject({ id: 'u2', emailVerified: false });

    const add = screen.getByRole('form', { name: 'Add a user' });
    expect(within(add).getByRole('checkbox', { name: /Email verified/ })).toBeChecked();
    await user.type(within(add).getByLabelText('Email'), 'lin@example.com');
    await user.type(within(add).getByLabelText('Password'), 'long enough password');
    await user.click(within(add).getByRole('checkbox', { name: /Email verified/ }));
    await user.click(within(add).getByRole('button', { name: 'Add user' }));
    await waitFor(() => expect(api.users.find((u) => u.email === 'lin@example.com')?.emailVerified).toBe(false));
  });

  it('ties a refused email to its field and clears it on the next edit', async () => {
    const { user } = await renderApp('Users', withUsers());
    await screen.findByText('ada@example.com');
    await user.click(within(row('ada@example.com')).getByRole('button', { name: 'Edit' }));
    const form = screen.getByRole('form', { name: 'Edit ada@example.com' });
    const email = within(form).getByLabelText('Email');
    await user.clear(email);
    await user.type(email, 'grace@example.com');
    await user.click(within(form).getByRole('button', { name: 'Save details' }));
    await waitFor(() => expect(email).toHaveAttribute('aria-invalid', 'true'));
    expect(email).toHaveAccessibleDescription(/already/);
    await user.type(email, 'x');
    expect(email).not.toHaveAttribute('aria-invalid');
    expect(email).not.toHaveAccessibleDescription(/already/);
  });

  it('“Password changed.” and a refused password clear on the next edit', async () => {
    const api = withUsers();
    const { user } = await renderApp('Users', api);
    await screen.findByText('ada@example.com');
    const ada = row('ada@example.com');
    await user.click(within(ada).getByRole('button', { name: /Change password/ }));
    await user.type(within(ada).getByLabelText('New password for ada@example.com'), 'short');
    await user.click(within(ada).getByRole('button', { name: 'Save password' }));
    const field = within(ada).getByLabelText('New password for ada@example.com');
    await waitFor(() => expect(field).toHaveAccessibleDescription(/8 characters/));
    await user.type(field, ' and now long enough');
    expect(within(ada).queryByRole('alert')).toBeNull();
    await user.click(within(ada).getByRole('button', { name: 'Save password' }));
    expect(await within(ada).findByText('Password changed.')).toBeInTheDocument();
    await user.click(within(ada).getByRole('button', { name: 'Edit' }));
    expect(within(ada).queryByText('Password changed.')).toBeNull();
  });

  it('says where the demo user’s password went and offers to set one', async () => {
    const { api, user } = await renderApp('Users', withUsers());
    await screen.findByText(demoUserEmail);
    const demo = row(demoUserEmail);
    expect(demo).toHaveTextContent(/printed its password once, in the terminal that ran npm run serve/);
    await user.click(within(demo).getByRole('button', { name: 'Set a password' }));
    await user.type(within(demo).getByLabelText(`New password for ${demoUserEmail}`), 'a password I know');
    await user.click(within(demo).getByRole('button', { name: 'Save password' }));
    expect(await within(demo).findByText('Password changed.')).toBeInTheDocument();
    expect(api.calls.find((c) => c.method === 'updateUser')?.input).toEqual({ id: 'u0', password: 'a password I know' });
    expect(demoUserEmail).toBe(serverDemoUserEmail);
  });

  it('opens the login page the way ChatGPT would', async () => {
    const api = withUsers();
    await renderApp('Users', api);
    const link = await screen.findByRole('link', { name: /Open the login page/ });
    const url = new URL(link.getAttribute('href')!);
    expect(url.origin + url.pathname).toBe('http://127.0.0.1:3030/oauth/authorize');
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: api.client.id,
      redirect_uri: 'https://chatgpt.com/aip/handshake-try/oauth/callback',
    });
    expect(link).toHaveAttribute('target', '_blank');
  });
});

describe('feedback statuses', () => {
  it('“Expire all access tokens now” says it happened', async () => {
    const { api, user } = await renderApp('Settings');
    await user.click(await screen.findByRole('button', { name: 'Expire all access tokens now' }));
    expect(await screen.findByRole('status')).toHaveTextContent(/Access tokens expired at .*next call gets a 401/);
    expect(api.calls.find((c) => c.method === 'injectFault')?.input).toEqual({ kind: 'expire-access-tokens' });
  });

  it('“Save these credentials” says what Handshake now accepts, until the next edit', async () => {
    localStorage.setItem('handshake.setupPath', 'classic');
    const { user } = await renderApp('Setup');
    await user.click(await screen.findByText('Use your own client ID and secret'));
    await user.type(screen.getByLabelText('Your client ID'), 'my-plugin');
    await user.type(screen.getByLabelText('Your client secret'), 'a-secret-of-enough-length');
    await user.click(screen.getByRole('button', { name: 'Save these credentials' }));
    const saved = await screen.findByText(/Saved: Handshake now accepts client ID my-plugin/);
    expect(saved).toHaveAttribute('role', 'status');
    await user.type(screen.getByLabelText('Your client ID'), 'x');
    expect(screen.queryByText(/Saved: Handshake now accepts/)).toBeNull();
  });
});

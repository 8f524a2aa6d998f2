import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from '../../renderer/app/app';
import { FakeControlApi } from './fake-control-api';

/** Renders the whole dashboard over a fake ControlApi and opens `view` from the sidebar. */
export async function renderApp(view: 'Setup' | 'Users' | 'Traffic' | 'Settings' = 'Setup', api = new FakeControlApi()) {
  const user = userEvent.setup();
  const result = render(<App bridge={api} />);
  if (view !== 'Setup') await user.click(screen.getByRole('button', { name: new RegExp(`^${view}`) }));
  return { api, user, ...result };
}

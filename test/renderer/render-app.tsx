import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from '../../renderer/app/app';
import { FakeControlApi } from './fake-control-api';

/** Lets the fake's answers (promises and timers of 0 ms) land inside act, as React expects in tests. */
export async function settle(): Promise<void> {
  await act(async () => {
    await new Promise((resolve) => setTimeout(resolve, 0));
  });
}

/** Renders the whole dashboard over a fake ControlApi and opens `view` from the sidebar. */
export async function renderApp(view: 'Setup' | 'Clients' | 'Users' | 'Traffic' | 'Settings' = 'Setup', api = new FakeControlApi()) {
  const user = userEvent.setup();
  const result = render(<App bridge={api} />);
  await settle();
  if (view !== 'Setup') {
    await user.click(screen.getByRole('button', { name: new RegExp(`^${view}`) }));
    await settle();
  }
  return { api, user, ...result };
}

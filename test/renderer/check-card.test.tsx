import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ControlProvider } from '../../renderer/state/control-context';
import { NavigationContext } from '../../renderer/state/navigation';
import { CheckCard } from '../../renderer/views/setup/check-card';
import { ControlError } from '../../server/control/control-error';
import { checkRun, checkStep } from './check-run-fixture';
import { FakeControlApi } from './fake-control-api';
import { settle } from './render-app';

function renderCard(profile: 'classic' | 'mcp', api = new FakeControlApi()) {
  const go = vi.fn();
  render(
    <ControlProvider bridge={api}>
      <NavigationContext.Provider value={{ view: 'setup', trafficId: null, go }}>
        <CheckCard profile={profile} />
      </NavigationContext.Provider>
    </ControlProvider>,
  );
  return { api, go, user: userEvent.setup() };
}

const exchange = (entryId: string | null) => ({
  request: {
    method: 'POST',
    url: 'http://127.0.0.1:3030/oauth/token',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=authorization_code&code=•••• abcd',
  },
  response: { status: 400, headers: { 'content-type': 'application/json' }, body: '{"error":"invalid_grant"}' },
  error: null,
  entryId,
});

describe('Test as ChatGPT card', () => {
  it('runs the check on click and ticks the steps as the events arrive', async () => {
    const api = new FakeControlApi();
    let open = () => {};
    api.checkGate = new Promise<void>((resolve) => (open = resolve));
    api.checkScript = [
      checkRun('mcp', [
        checkStep('challenge', { title: 'Call /mcp without a token', verdict: 'pass' }),
        checkStep('token', { title: 'Exchange the code', verdict: 'running' }),
      ]),
      checkRun(
        'mcp',
        [
          checkStep('challenge', { title: 'Call /mcp without a token', verdict: 'pass' }),
          checkStep('token', { title: 'Exchange the code', verdict: 'pass' }),
        ],
        { state: 'passed', finishedAt: '2026-01-01T10:00:02.000Z' },
      ),
    ];
    const { user } = renderCard('mcp', api);
    await settle();
    await user.click(screen.getByRole('button', { name: 'Test as ChatGPT' }));
    expect(api.calls.find((call) => call.method === 'runCheck')?.input).toEqual({ profile: 'mcp' });
    const steps = await screen.findByRole('list', { name: 'Test as ChatGPT steps' });
    expect(within(steps).getByText('Call /mcp without a token').closest('li')).toHaveAttribute('data-verdict', 'pass');
    expect(within(steps).getByText('Exchange the code').closest('li')).toHaveAttribute('data-verdict', 'running');
    expect(screen.getByRole('button', { name: 'Testing…' })).toBeDisabled();

    await act(async () => open());
    await settle();
    expect(within(steps).getByText('Exchange the code').closest('li')).toHaveAttribute('data-verdict', 'pass');
    expect(screen.getByText('ChatGPT would go through.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Test as ChatGPT' })).toBeEnabled();
  });

  it('shows where ChatGPT would stop, why, the source, and links each request to its traffic entry', async () => {
    const api = new FakeControlApi();
    const source = { title: 'RFC 6749 §5.1: token response', url: 'https://www.rfc-editor.org/rfc/rfc6749#section-5.1' };
    api.checkScript = [
      checkRun(
        'classic',
        [
          checkStep('token', {
            title: 'Exchange the code',
            verdict: 'fail',
            reason: 'The token endpoint answered 400: invalid_grant.',
            source,
            exchanges: [exchange('e42')],
          }),
          checkStep('api-call', { title: 'Call the API', verdict: 'skipped' }),
          checkStep('reconnect', { title: 'Reconnect', verdict: 'skipped', inferred: true }),
        ],
        { state: 'failed' },
      ),
    ];
    const { user, go } = renderCard('classic', api);
    await settle();
    await user.click(screen.getByRole('button', { name: 'Test as ChatGPT' }));
    expect(await screen.findByText('ChatGPT would stop at “Exchange the code”.')).toBeInTheDocument();
    const failed = screen.getByText('Exchange the code', { selector: '.step-label' }).closest('li')!;
    expect(within(failed).getByRole('alert')).toHaveTextContent('The token endpoint answered 400: invalid_grant.');
    expect(within(failed).getByRole('link', { name: /RFC 6749 §5.1/ })).toHaveAttribute('href', source.url);
    expect(within(failed).getByText('(failed)', { exact: false })).toBeInTheDocument();
    expect(screen.getByText('Call the API').closest('li')).toHaveTextContent('skipped: ChatGPT would not get here');
    expect(screen.getByText('Reconnect').closest('li')).toHaveTextContent('inferred, not documented');
    await user.click(within(failed).getByText('POST /oauth/token'));
    expect(within(failed).getByText(/grant_type=authorization_code/)).toBeInTheDocument();
    await user.click(within(failed).getByRole('button', { name: 'Open in Traffic' }));
    expect(go).toHaveBeenCalledWith('traffic', { trafficId: 'e42' });
  });

  it('sends the chosen ChatGPT client and user', async () => {
    const api = new FakeControlApi();
    api.users.push(
      {
        id: 'u1',
        email: 'ada@example.com',
        name: 'Ada',
        emailVerified: true,
        createdAt: '2026-01-01T10:00:00.000Z',
        updatedAt: '2026-01-01T10:00:00.000Z',
        activeGrants: 0,
      },
      {
        id: 'u2',
        email: 'grace@example.com',
        name: 'Grace',
        emailVerified: true,
        createdAt: '2026-01-01T10:00:00.000Z',
        updatedAt: '2026-01-01T10:00:00.000Z',
        activeGrants: 0,
      },
    );
    api.checkScript = [checkRun('classic', [checkStep('manifest', { verdict: 'pass' })], { state: 'passed' })];
    const { user } = renderCard('classic', api);
    await settle();
    await user.selectOptions(screen.getByLabelText('Sign in as'), 'grace@example.com');
    await user.selectOptions(screen.getByLabelText('ChatGPT plays'), 'GPT Action, Basic authorization header');
    await user.click(screen.getByRole('button', { name: 'Test as ChatGPT' }));
    expect(api.calls.find((call) => call.method === 'runCheck')?.input).toEqual({
      profile: 'classic',
      user: 'grace@example.com',
      classicClient: 'action',
      tokenAuth: 'basic',
    });
  });

  it('follows a run started elsewhere (the CLI, the API) of its own profile only', async () => {
    const { api } = renderCard('mcp');
    await settle();
    act(() =>
      api.emit({ type: 'check', run: checkRun('classic', [checkStep('manifest', { title: 'Fetch the manifest', verdict: 'running' })]) }),
    );
    expect(screen.queryByRole('list', { name: 'Test as ChatGPT steps' })).toBeNull();
    act(() =>
      api.emit({
        type: 'check',
        run: checkRun('mcp', [checkStep('challenge', { title: 'Call /mcp without a token', verdict: 'running' })], { id: 'chk_cli' }),
      }),
    );
    expect(screen.getByText('Call /mcp without a token').closest('li')).toHaveAttribute('data-verdict', 'running');
  });

  it('says why the check could not start', async () => {
    const api = new FakeControlApi();
    api.failNext.runCheck = new ControlError('invalid_input', 'no user with email x@example.com', 'user');
    const { user } = renderCard('mcp', api);
    await settle();
    await user.click(screen.getByRole('button', { name: 'Test as ChatGPT' }));
    expect(await screen.findByText(/no user with email x@example\.com/)).toBeInTheDocument();
  });
});

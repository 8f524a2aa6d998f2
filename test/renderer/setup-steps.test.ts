import { chatGptSteps, localSteps, tokenWaitMs } from '../../renderer/views/setup/setup-steps';
import { FakeControlApi, installFlow, toSummary } from './fake-control-api';

describe('setup steps', () => {
  const [manifest, openapi, authorize, login, token] = installFlow().map(toSummary);

  it('waits for everything on an empty log', () => {
    expect(chatGptSteps([]).map((s) => s.done)).toEqual([false, false, false, false, false]);
  });

  it('ticks what was seen and points at the failure', () => {
    const steps = chatGptSteps([manifest, openapi, authorize, login, token]);
    expect(steps.map((s) => s.done)).toEqual([true, true, true, false, false]);
    expect(steps[3].failure).toEqual({ entryId: token.id, headline: token.headline });
  });

  it('does not count a failed sign-in (login page re-shown) as signed in', () => {
    const failedLogin = { ...login, status: 200 };
    expect(chatGptSteps([authorize, failedLogin])[2].done).toBe(false);
  });

  it('says ChatGPT never called the token URL a minute after sign-in', () => {
    const signedIn = new Date(login.time).getTime();
    expect(chatGptSteps([authorize, login], signedIn + 10_000)[3].stalled).toBeUndefined();
    const late = chatGptSteps([authorize, login], signedIn + tokenWaitMs + 1)[3];
    expect(late.stalled).toBe(true);
    expect(late.detail).toMatch(/never called the token URL/);
  });

  it('derives the local steps from status and settings', () => {
    const api = new FakeControlApi();
    expect(localSteps(api.status, '').map((s) => s.done)).toEqual([true, false, false]);
    const online = { ...api.status, publicUrl: 'https://x.ngrok.app' };
    expect(localSteps(online, 'tok').map((s) => s.done)).toEqual([true, true, true]);
    const failed = { ...api.status, listener: { state: 'failed' as const, port: 3030, error: 'port 3030 is already in use' } };
    expect(localSteps(failed, '')[0].detail).toMatch(/already in use/);
  });
});

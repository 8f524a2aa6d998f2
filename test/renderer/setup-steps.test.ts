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

describe('setup steps count only ChatGPT’s requests', () => {
  const [manifest, , authorize, login] = installFlow().map(toSummary);
  const fromHere = { via: 'loopback' as const, agent: null };

  it('a manifest fetched from 127.0.0.1 without ChatGPT’s signature does not tick, and says so', () => {
    const step = chatGptSteps([{ ...manifest, arrival: fromHere }])[0];
    expect(step.done).toBe(false);
    expect(step.detail).toMatch(/from 127\.0\.0\.1 — not ChatGPT/);
  });

  it('ticks through the tunnel or a proxy, or from loopback with ChatGPT’s or Codex’s User-Agent', () => {
    expect(chatGptSteps([{ ...manifest, arrival: { via: 'tunnel', agent: null } }])[0].done).toBe(true);
    expect(chatGptSteps([{ ...manifest, arrival: { via: 'proxy', agent: null } }])[0].done).toBe(true);
    const codex = chatGptSteps([{ ...manifest, arrival: { via: 'loopback', agent: 'codex' } }])[0];
    expect(codex).toMatchObject({ done: true, detail: expect.stringContaining('from Codex') });
  });

  it('Handshake’s own check (Test as ChatGPT) never ticks, even through the tunnel', () => {
    const checked = { ...manifest, arrival: { via: 'tunnel' as const, agent: null, check: 'flw_chk_abc123' } };
    const step = chatGptSteps([checked])[0];
    expect(step.done).toBe(false);
    expect(step.local).toBeUndefined();
  });

  it('a replay from the dashboard never ticks, even of ChatGPT’s request', () => {
    const replayed = { ...login, arrival: { via: 'loopback' as const, agent: null, replayOf: login.id } };
    expect(chatGptSteps([authorize, replayed])[2].done).toBe(false);
  });
});

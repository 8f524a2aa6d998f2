import { afterEach, describe, expect, it } from 'vitest';
import { annotate } from '../../../server/traffic/annotations';
import type { TrafficEntry } from '../../../server/traffic/traffic-entry';
import type { TrafficLogEvent } from '../../../server/traffic/traffic-log';
import { type RecordedApp, startRecordedApp } from './recorded-app';

const callback = 'https://chat.openai.com/aip/plugin-1/oauth/callback';
let app: RecordedApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function startWithWait(waitMs: number): Promise<RecordedApp> {
  let issued = 0;
  return startRecordedApp(
    (express) => {
      express.post('/oauth/authorize', (req, res) => {
        issued++;
        annotate(res, { flowId: `flow-${issued}` });
        res.redirect(302, `${callback}?code=code-${issued}-0123456789&state=${req.body.state}`);
      });
      express.post('/oauth/token', (req, res) => {
        // like the core: the code maps to its flow, an unknown code to none
        const flow = /^code-(\d+)-/.exec(String(req.body.code))?.[1];
        if (flow && req.body.flow !== 'none') annotate(res, { flowId: `flow-${flow}` });
        res.json({ access_token: 'at-0123456789abcdef', token_type: 'bearer', refresh_token: 'rt-0123456789abcdef', expires_in: 59 });
      });
    },
    { recorder: { tokenWaitMs: waitMs } },
  );
}

const signIn = (url: string) =>
  fetch(`${url}/oauth/authorize`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email: 'ada@example.com', password: 'correct horse', state: 's1' }).toString(),
  });

const exchange = (url: string, body: Record<string, string>) =>
  fetch(`${url}/oauth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('token_never_requested', () => {
  it('re-emits the sign-in entry with the note when no token request follows in time', async () => {
    app = await startWithWait(150);
    const events: TrafficLogEvent[] = [];
    app.log.subscribe((event) => events.push(event));
    await signIn(app.url);
    const login = await app.entry((entry) => entry.kind === 'login');
    expect(login.notes).toEqual([]);

    const updated = await app.entry((entry) => entry.id === login.id && entry.notes.length > 0, 2000);
    expect(updated.notes).toEqual([
      { level: 'warn', code: 'token_never_requested', message: expect.stringContaining('ChatGPT never called the token URL') },
    ]);
    expect(updated.notes[0].message).toContain('no token request came within 150 ms');
    const emittedForLogin = events.filter(
      (event): event is Extract<TrafficLogEvent, { type: 'traffic' }> => event.type === 'traffic' && event.entry.id === login.id,
    );
    expect(emittedForLogin).toHaveLength(2);
    expect(emittedForLogin[1].summary).toMatchObject({
      id: login.id,
      worstNote: 'warn',
      headline: expect.stringContaining('ChatGPT never called the token URL'),
    });
    expect(app.log.get(login.id)?.notes.map((note) => note.code)).toEqual(['token_never_requested']);
    expect(app.log.list()[0]).toMatchObject({ id: login.id, worstNote: 'warn' });
    expect(app.log.size).toBe(1);
  });

  it('stays quiet when the token request of the same flow arrives in time', async () => {
    app = await startWithWait(300);
    await signIn(app.url);
    await exchange(app.url, { grant_type: 'authorization_code', code: 'code-1-0123456789' });
    await sleep(500);
    const login = app.log.entries().find((entry) => entry.kind === 'login')!;
    expect(login.notes).toEqual([]);
  });

  it('matches the token request by its code when the handler could not name the flow', async () => {
    app = await startWithWait(300);
    await signIn(app.url);
    await exchange(app.url, { grant_type: 'authorization_code', code: 'code-1-0123456789', flow: 'none' });
    const token = await app.entry((entry) => entry.kind === 'token');
    expect(token.flowId).toBeNull();
    await sleep(500);
    expect(app.log.entries().find((entry) => entry.kind === 'login')!.notes).toEqual([]);
  });

  it('a token request for another flow does not count', async () => {
    app = await startWithWait(200);
    await signIn(app.url);
    await signIn(app.url);
    await exchange(app.url, { grant_type: 'authorization_code', code: 'code-2-0123456789' });
    const first = await app.entry((entry) => entry.flowId === 'flow-1');
    const noted = await app.entry((entry) => entry.id === first.id && entry.notes.length > 0, 2000);
    expect(noted.notes[0].code).toBe('token_never_requested');
    await sleep(300);
    expect(app.log.entries().find((entry) => entry.kind === 'login' && entry.flowId === 'flow-2')!.notes).toEqual([]);
  });
});

import type { ClientView } from '../../server/store/records';
import type { TrafficEntry } from '../../server/traffic/traffic-entry';
import { chromiumMissingReason } from './support/chromium';
import { useDashboardSession } from './support/dashboard-session';
import { control } from './support/headless-server';

const skipReason = chromiumMissingReason();
if (skipReason) console.log(`[e2e] dashboard workflow tests skipped: ${skipReason}`);

/** The dashboard's debugging habits against the real `serve`: checklist honesty, replay, links that keep state, small screens. */
describe.skipIf(Boolean(skipReason))('dashboard workflows (headless server + Chromium)', () => {
  const session = useDashboardSession({ classicSetup: true });

  it('a manifest fetched from this machine does not tick the checklist; one through the public URL does', async () => {
    await session.page.goto(session.server.dashboardUrl);
    const steps = session.page.getByRole('list', { name: 'Waiting for ChatGPT' });
    const manifestStep = steps.locator('li', { hasText: 'Manifest fetched' });
    await fetch(session.server.manifestUrl);
    await manifestStep.getByText(/from 127\.0\.0\.1 — not ChatGPT/).waitFor();
    expect(await manifestStep.getAttribute('class')).not.toContain('done');
    await fetch(session.server.manifestUrl, {
      headers: { 'X-Forwarded-For': '203.0.113.7', 'X-Forwarded-Host': 'quiet-owl.ngrok-free.app' },
    });
    await expect.poll(() => manifestStep.getAttribute('class')).toContain('done');
    expect(await manifestStep.textContent()).toContain('through the tunnel');
  });

  it('replays a token request through the core, with the client secret filled only when asked', async () => {
    const client = await control<ClientView>(session.server, 'GET', '/api/client');
    await fetch(new URL('/oauth/token', session.server.publicOrigin), {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: 'hsr_unknown_000000000000000000',
        client_id: client.id,
        client_secret: client.secret,
      }).toString(),
    });
    await session.page.getByRole('button', { name: /^Traffic/ }).click();
    const list = session.page.getByRole('listbox', { name: 'Requests, newest first' });
    await list.getByRole('option').filter({ hasText: '/oauth/token' }).first().click();
    const detail = session.page.getByRole('region', { name: 'Request detail' });
    await detail.getByRole('checkbox', { name: /Use the configured client secret/ }).check();
    await detail.getByRole('button', { name: 'Replay', exact: true }).click();
    await detail.getByRole('status').filter({ hasText: 'answered 400' }).waitFor();
    await detail.getByRole('button', { name: 'Open the new request' }).click();
    await expect.poll(async () => (await detail.getByRole('heading', { level: 2 }).textContent()) ?? '').toContain('/oauth/token');
    const replays = (
      await control<{ id: string; arrival?: TrafficEntry['arrival'] }[]>(session.server, 'GET', '/api/traffic?kind=token')
    ).filter((row) => row.arrival?.replayOf);
    expect(replays).toHaveLength(1);
    // The client authenticated (its secret was filled in); the refresh token is the unknown one.
    const replayed = await control<TrafficEntry>(session.server, 'GET', `/api/traffic/${replays[0].id}`);
    expect(replayed.response.body?.text).toContain('invalid_grant');
    expect(JSON.stringify(replayed)).not.toContain(client.secret);
  });

  it('keeps filters and the selected entry in the URL: a reload opens the same place', async () => {
    await session.page.getByRole('combobox', { name: 'Kind' }).selectOption('token');
    const list = session.page.getByRole('listbox', { name: 'Requests, newest first' });
    const selected = await list.getByRole('option', { selected: true }).getAttribute('id');
    await session.page.reload();
    await session.page.getByRole('heading', { level: 1, name: 'Traffic' }).waitFor();
    expect(await session.page.getByRole('combobox', { name: 'Kind' }).inputValue()).toBe('token');
    await session.page.getByRole('region', { name: 'Request detail' }).waitFor();
    expect(await list.getByRole('option', { selected: true }).getAttribute('id')).toBe(selected);
  });

  it('at 800×600 the sidebar folds away and the list/detail split can be dragged', async () => {
    const small = await session.browser.newPage({ viewport: { width: 800, height: 600 } });
    await small.goto(session.server.dashboardUrl);
    await small.getByRole('button', { name: 'Expand the sidebar' }).waitFor();
    await small.getByRole('button', { name: /^Traffic/ }).click();
    const list = small.getByRole('listbox', { name: 'Requests, newest first' });
    await list.getByRole('option').first().click();
    const handle = small.getByRole('separator', { name: 'Resize the list and the detail' });
    const before = Number(await handle.getAttribute('aria-valuenow'));
    const box = (await handle.boundingBox())!;
    await small.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await small.mouse.down();
    await small.mouse.move(box.x + box.width / 2, box.y + box.height / 2 + 60, { steps: 5 });
    await small.mouse.up();
    expect(Number(await handle.getAttribute('aria-valuenow'))).toBe(before - 60);
    const listBox = (await list.boundingBox())!;
    expect(listBox.height).toBeGreaterThan(5 * 34);
    await small.close();
  });
});

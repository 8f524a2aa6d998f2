import type { Page } from 'playwright-core';

/** The views of the dashboard in the order a walk reaches them; `scrolls`: the view scrolls inside <main>. */
export type ViewName = 'setup-mcp' | 'setup' | 'clients' | 'users' | 'traffic' | 'traffic-detail' | 'traffic-flow' | 'settings';

/**
 * Opens the dashboard on a server that has seen a real install (seedInstalls) and visits every view — both Setup
 * paths, Clients, Users, Traffic with a failed request's detail and an install's flow, Settings — calling `visit` once
 * each view has loaded.
 */
export async function walkEveryView(
  page: Page,
  dashboardUrl: string,
  visit: (view: ViewName, scrolls: boolean) => Promise<void>,
): Promise<void> {
  await page.goto(dashboardUrl);
  await page.getByLabel('MCP server URL', { exact: true }).waitFor();
  await visit('setup-mcp', true);
  await page.getByRole('tab', { name: 'Classic plugin / GPT Action' }).click();
  await page.getByLabel('Client ID', { exact: true }).waitFor();
  await page.getByRole('list', { name: 'Waiting for ChatGPT' }).locator('li.done').first().waitFor();
  await visit('setup', true);

  await page.getByRole('button', { name: /^Clients/ }).click();
  await page.getByRole('heading', { level: 1, name: 'Clients' }).waitFor();
  await visit('clients', true);

  await page.getByRole('button', { name: /^Users/ }).click();
  await page.getByRole('list', { name: 'Users' }).getByText('grace@example.com').waitFor();
  await visit('users', true);

  await page.getByRole('button', { name: /^Traffic/ }).click();
  const list = page.getByRole('listbox', { name: 'Requests, newest first' });
  await list.getByRole('option').first().waitFor();
  await visit('traffic', false);
  await list.getByRole('option').filter({ hasText: '401' }).first().click();
  await page.getByRole('list', { name: 'Diagnosis' }).waitFor();
  await visit('traffic-detail', false);
  await list.getByRole('option').filter({ hasText: '/oauth/token' }).filter({ hasText: '200' }).first().click();
  await page.getByRole('button', { name: /Show this install as a sequence diagram/ }).click();
  await page.getByRole('region', { name: 'Flow' }).waitFor();
  await visit('traffic-flow', false);

  await page.getByRole('button', { name: /^Settings/ }).click();
  await page.getByRole('tabpanel').filter({ hasText: 'schema_version' }).waitFor();
  await visit('settings', true);
}

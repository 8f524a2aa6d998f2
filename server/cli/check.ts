#!/usr/bin/env node
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CheckRun } from '../checks/check-run';
import { controlTokenFileName } from '../control/http/control-token';
import { type CheckArguments, parseCheckArguments, resolveControlUrl } from './check-arguments';
import { newlyFinished, runHeader, runSummary, stepLine } from './check-lines';
import { openControlEvents } from './control-event-stream';
import { UsageError } from './serve-arguments';

/** Handshake could not be asked: not running, wrong control URL or token. */
class Unreachable extends Error {}

async function tokenOf(args: CheckArguments): Promise<string> {
  if (args.controlToken) return args.controlToken;
  const file = join(args.dataDir, controlTokenFileName);
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch {
    throw new Unreachable(
      `no control token: ${file} cannot be read. Pass --data-dir (the one npm run serve uses), --control-token or HANDSHAKE_CONTROL_TOKEN.`,
    );
  }
}

/**
 * `npm run check`: runs "Test as ChatGPT" in a running Handshake through its control API (POST /api/checks), the
 * same check as the dashboard's button. It goes through the control API rather than running the check itself because
 * signing in needs the core: Handshake keeps only password hashes, and the one-time sign-in ticket the check uses
 * instead is minted inside the core.
 */
async function main(): Promise<number> {
  const args = parseCheckArguments(process.argv.slice(2));
  const controlUrl = await resolveControlUrl(args);
  const token = await tokenOf(args);
  let exit = 0;
  for (const profile of args.profiles) {
    const printed = new Set<string>();
    let live: string | null = null;
    let events: { close(): void } | null = null;
    try {
      events = await openControlEvents(controlUrl, token, (event) => {
        if (event.type !== 'check' || event.run.profile !== profile) return;
        // The first run of this profile that starts after the request went out is this one.
        if (live === null && event.run.steps.every((step) => step.verdict === 'pending' || step.verdict === 'running')) {
          live = event.run.id;
          console.log(runHeader(event.run));
        }
        if (event.run.id === live) for (const step of newlyFinished(event.run, printed)) console.log(stepLine(step));
      });
    } catch (error) {
      throw new Unreachable(
        `cannot reach Handshake's control API at ${controlUrl}: ${(error as Error).message}. Is npm run serve running? (--control-url)`,
      );
    }
    let response: Response;
    try {
      response = await fetch(`${controlUrl}/api/checks`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ profile, url: args.url, ...(args.user ? { user: args.user } : {}) }),
      });
    } catch (error) {
      events.close();
      throw new Unreachable(`cannot reach Handshake's control API at ${controlUrl}: ${(error as Error).message}`);
    }
    events.close();
    const body = (await response.json().catch(() => null)) as (CheckRun & { error?: { message: string; field?: string } }) | null;
    if (!response.ok || !body || body.error) {
      const message = body?.error ? `${body.error.message}${body.error.field ? ` (${body.error.field})` : ''}` : `HTTP ${response.status}`;
      throw response.status === 400 ? new UsageError(message) : new Unreachable(`the control API answered ${response.status}: ${message}`);
    }
    if (live !== body.id) {
      printed.clear();
      console.log(runHeader(body));
    }
    for (const step of body.steps) if (!printed.has(step.id)) console.log(stepLine(step));
    console.log(runSummary(body));
    if (body.state !== 'passed') exit = 1;
  }
  return exit;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`handshake check: ${(error as Error)?.message ?? String(error)}`);
    process.exit(error instanceof UsageError || error instanceof Unreachable ? 2 : 1);
  },
);

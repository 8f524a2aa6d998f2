import { randomId } from '../crypto/random-token';
import { hostProfile } from '../hosts/host-profiles';
import type { TrafficEntry } from '../traffic/traffic-entry';
import type { CheckInput } from './check-input';
import { checkHeader } from './check-marker';
import type { CheckRun } from './check-run';
import { CheckSession } from './check-session';
import type { CheckSubject } from './check-subject';
import { classicSteps, runClassicProfile } from './classic-profile';
import { type AssertionSigner, mcpStepsFor, runMcpProfile } from './mcp-profile';
import { runSigner, type TrustAssertionKey } from './run-signer';
import type { ServerCheckSubject } from './server-check-subject';
import { runServerProfile, serverSteps } from './server-profile';

export interface CheckRunnerDeps {
  /** The parsed input, its defaults applied. */
  input: CheckInput & { classicClient: 'plugin' | 'action'; tokenAuth: 'post' | 'basic' };
  /** The URL to check when the input names none: the public URL, else the local one. */
  defaultUrl: string;
  subject: CheckSubject;
  /** The server profile: the server it probes by default, and the core's tokens for a run's flow. */
  server: { defaultUrl: string; subject(flowId: string): ServerCheckSubject };
  /** The traffic log's push channel, to link each request to the entry it produced. */
  subscribeTraffic(listener: (entry: TrafficEntry) => void): () => void;
  /** Every change of the run (steps starting, requests answered, verdicts). */
  onChange(run: CheckRun): void;
  /** Lets the run's own key sign a host's private_key_jwt assertions here, for the run only; absent: hosts play public clients. */
  trustAssertionKey?: TrustAssertionKey;
}

const entryWaitMs = 2000;

/** The MCP server URL: /mcp on a bare origin, the URL as given otherwise. */
export function mcpUrlOf(url: string): string {
  const parsed = new URL(url);
  return parsed.pathname === '/' || parsed.pathname === '' ? `${parsed.origin}/mcp` : url.replace(/\/+$/, '');
}

/** Runs one check to its end and returns the run; the button, POST /api/checks and `npm run check` all come here. */
export async function runCheck(deps: CheckRunnerDeps): Promise<CheckRun> {
  const { input } = deps;
  const isServer = input.profile === 'server';
  const base = (input.url ?? (isServer ? deps.server.defaultUrl : deps.defaultUrl)).replace(/\/+$/, '');
  const host =
    input.profile === 'classic' || input.profile === 'server' ? null : hostProfile(input.profile === 'mcp' ? 'chatgpt' : input.profile);
  const url = host ? mcpUrlOf(base) : base;
  const flowId = `flw_chk${randomId(9)}`;
  const steps = isServer ? serverSteps : host ? mcpStepsFor(host) : classicSteps;
  const session = new CheckSession(`chk_${randomId(9)}`, input.profile, url, flowId, steps, deps.onChange, undefined, isServer);
  // Only this Handshake can be told to trust the run's key: against another server the host plays a public client.
  const signer =
    host && deps.trustAssertionKey && new URL(url).origin === new URL(deps.defaultUrl).origin ? runSigner(deps.trustAssertionKey) : null;
  session.user = deps.subject.user?.email ?? null;

  const unsubscribe = deps.subscribeTraffic((entry) => {
    const marker = entry.request.headers[checkHeader];
    if (typeof marker !== 'string' || !marker.startsWith(`${flowId} `)) return;
    const exchange = session.exchanges().find((candidate) => candidate.nonce === marker.slice(flowId.length + 1));
    if (exchange) {
      exchange.entryId = entry.id;
      session.changed();
    }
  });
  try {
    if (isServer) await runServerProfile(session, deps.server.subject(flowId));
    else if (host)
      await runMcpProfile(session, deps.subject, {
        tool: input.tool,
        toolArguments: input.toolArguments,
        host,
        signer: signer as AssertionSigner | null,
      });
    else
      await runClassicProfile(session, deps.subject, {
        client: input.classicClient,
        tokenAuth: input.tokenAuth,
        operationId: input.operationId,
      });
  } catch (error) {
    session.abort(error);
  }
  try {
    // The log records an entry once its response is sent; give the last ones a moment to arrive.
    const deadline = Date.now() + entryWaitMs;
    while (session.exchanges().some((exchange) => exchange.response && !exchange.entryId) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  } finally {
    unsubscribe();
    signer?.release();
  }
  return session.finish();
}

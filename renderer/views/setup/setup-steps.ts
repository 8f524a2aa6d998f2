import type { Status } from '../../../server/control/control-api';
import type { TrafficKind, TrafficSummary } from '../../../server/traffic/traffic-entry';
import { mcpHostNames } from '../../state/host-names';
import { isFailed } from '../traffic/failed-request';

export interface SetupStep {
  id: string;
  label: string;
  done: boolean;
  /** What was seen, or what to do next. */
  detail: string;
  /** The latest failed attempt at this step, when it has not succeeded yet. */
  failure?: { entryId: string; headline: string };
  /** Overdue: the previous step happened long ago and this one never came. */
  stalled?: boolean;
  /** Only requests from this machine were seen for this step: not ticked. */
  local?: boolean;
}

/** One step ChatGPT (or Codex) takes, recognised in the traffic log. */
export interface TrafficStepSpec {
  id: string;
  kind: TrafficKind;
  label: string;
  waiting: string;
  /** Narrows the requests of `kind` that belong to this step (e.g. the MCP method). */
  matches?(row: TrafficSummary): boolean;
  succeeded(row: TrafficSummary): boolean;
}

const is2xx = (row: TrafficSummary) => row.status >= 200 && row.status < 300;

/**
 * Whether a request can be ChatGPT's (or Codex's): it came through the tunnel or a proxy in front of the public URL,
 * or carries their signature. A plain fetch from this machine — or Setup's own manifest link — is not, and neither a
 * replay from the dashboard nor Handshake's own check (Test as ChatGPT) ever is. Entries recorded before arrival was kept count, as they did then.
 */
export function fromChatGpt(row: TrafficSummary): boolean {
  const arrival = row.arrival;
  if (!arrival) return true;
  if (arrival.replayOf || arrival.check) return false;
  // A host on this machine (Codex, Claude Code, Cursor, VS Code, the Inspector) comes over loopback, recognised as itself.
  return arrival.via !== 'loopback' || arrival.agent !== null || row.mcpHost !== undefined;
}

/** The install as ChatGPT performs it, in order (shared/reference/chatgpt-oauth.md §1). */
const chatGptStepSpecs: TrafficStepSpec[] = [
  {
    id: 'manifest',
    kind: 'manifest',
    label: 'Manifest fetched',
    waiting: 'In ChatGPT: Develop your own plugin → enter the domain → Find manifest.',
    succeeded: is2xx,
  },
  {
    id: 'authorize',
    kind: 'authorize',
    label: 'Login page opened',
    waiting: 'After Install, ChatGPT sends you to the login page.',
    succeeded: (row) => row.status < 400,
  },
  {
    id: 'login',
    kind: 'login',
    label: 'Signed in',
    waiting: 'Sign in with one of your users (Users tab).',
    succeeded: (row) => row.status === 302,
  },
  {
    id: 'token',
    kind: 'token',
    label: 'Code exchanged for tokens',
    waiting: 'ChatGPT’s server posts the code to the token URL.',
    succeeded: is2xx,
  },
  { id: 'api', kind: 'api', label: 'First API call', waiting: 'Ask ChatGPT something that uses the plugin.', succeeded: is2xx },
];

const timeOf = (row: TrafficSummary) => new Date(row.time).toLocaleTimeString();
const viaText = (row: TrafficSummary) =>
  row.mcpHost
    ? ` from ${mcpHostNames[row.mcpHost]}`
    : !row.arrival
      ? ''
      : row.arrival.agent
        ? ` from ${row.arrival.agent === 'codex' ? 'Codex' : 'ChatGPT'}`
        : row.arrival.via === 'tunnel'
          ? ' through the tunnel'
          : row.arrival.via === 'proxy'
            ? ' through the public URL'
            : '';

/** How long after sign-in a missing token request means ChatGPT gave up before the exchange. */
export const tokenWaitMs = 60_000;

/** Ticks each step from what the traffic log has seen; a failed attempt is offered for inspection. */
export function stepsFromTraffic(specs: readonly TrafficStepSpec[], entries: readonly TrafficSummary[]): SetupStep[] {
  return specs.map((spec): SetupStep => {
    let success: TrafficSummary | undefined;
    let failure: TrafficSummary | undefined;
    let local: TrafficSummary | undefined;
    for (const row of entries) {
      // Handshake's own check is shown in its own card; it says nothing about ChatGPT.
      if (row.kind !== spec.kind || row.arrival?.check || (spec.matches && !spec.matches(row))) continue;
      if (!fromChatGpt(row)) {
        if (spec.succeeded(row)) local = row;
        continue;
      }
      if (spec.succeeded(row)) success ??= row;
      else if (isFailed(row)) failure = row;
    }
    if (success) return { id: spec.id, label: spec.label, done: true, detail: `Seen at ${timeOf(success)}${viaText(success)}` };
    return {
      id: spec.id,
      label: spec.label,
      done: false,
      detail: local ? `Seen at ${timeOf(local)} from 127.0.0.1 — not ChatGPT. ${spec.waiting}` : spec.waiting,
      ...(local ? { local: true } : {}),
      ...(failure
        ? { failure: { entryId: failure.id, headline: failure.headline ?? `${failure.method} ${failure.path} answered ${failure.status}` } }
        : {}),
    };
  });
}

/** The classic plugin install, step by step; a sign-in ChatGPT never followed with a token request is called out. */
export function chatGptSteps(entries: readonly TrafficSummary[], now = Date.now()): SetupStep[] {
  const steps = stepsFromTraffic(chatGptStepSpecs, entries);
  const [, , signIn, exchange] = steps;
  if (signIn.done && !exchange.done && !exchange.failure) {
    const lastSignIn = [...entries].reverse().find((row) => row.kind === 'login' && row.status === 302 && fromChatGpt(row));
    if (lastSignIn && now - new Date(lastSignIn.time).getTime() > tokenWaitMs) {
      exchange.detail =
        `Signed in at ${timeOf(lastSignIn)}, but ChatGPT never called the token URL. It failed on its side before the exchange: ` +
        'check the callback kept its state, and that the manifest’s authorization_url is this server’s token endpoint.';
      exchange.stalled = true;
    }
  }
  return steps;
}

/** A running server and a public URL: what both paths need before ChatGPT (`path` is added to the public URL shown). */
export function serverSteps(status: Status | undefined, path = ''): SetupStep[] {
  const listening = status?.listener.state === 'listening';
  return [
    {
      id: 'server',
      label: 'Server running',
      done: listening,
      detail: !status
        ? 'Loading…'
        : listening
          ? `Listening on ${status.localUrl}`
          : `Not listening: ${status.listener.error ?? 'the port is taken'}`,
    },
    {
      id: 'public-url',
      label: 'Public URL',
      done: Boolean(status?.publicUrl),
      detail: status?.publicUrl
        ? `${status.publicUrl}${path}`
        : 'Start the tunnel, or set a public URL in Settings, so ChatGPT can reach you.',
    },
  ];
}

/** The steps before ChatGPT is involved, on the classic path. */
export function localSteps(status: Status | undefined, verificationToken: string | undefined): SetupStep[] {
  return [
    ...serverSteps(status),
    {
      id: 'verification-token',
      label: 'Verification token in the manifest',
      done: Boolean(verificationToken),
      detail: verificationToken ? 'Set — click “Verify tokens” in ChatGPT.' : 'ChatGPT shows it after you enter the client ID and secret.',
    },
  ];
}

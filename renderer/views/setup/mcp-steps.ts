import type { Status } from '../../../server/control/control-api';
import type { TrafficSummary } from '../../../server/traffic/traffic-entry';
import { mcpHostNames } from '../../state/host-names';
import { fromChatGpt, type SetupStep, serverSteps, stepsFromTraffic, type TrafficStepSpec } from './setup-steps';

const is2xx = (row: TrafficSummary) => row.status >= 200 && row.status < 300;
/** The classic plugin client's id: a request of the MCP path comes from any other client. */
const notClassic = (classicClientId: string | undefined) => (row: TrafficSummary) =>
  row.clientId !== null && row.clientId !== classicClientId;

/**
 * An MCP host connecting the server, in order (docs/mcp.md), each step recognised in the traffic log from any host;
 * `host` (the one picked in Setup) only words what to do next.
 */
function mcpStepSpecs(classicClientId: string | undefined, host: string): TrafficStepSpec[] {
  const ownClient = notClassic(classicClientId);
  return [
    {
      id: 'metadata',
      kind: 'discovery',
      label: 'Metadata fetched',
      waiting: `In ${host}: add the MCP server URL (the steps under “2. Connect your MCP host”).`,
      succeeded: is2xx,
    },
    {
      id: 'registered',
      kind: 'authorize',
      label: 'Client registered or identified',
      waiting: `${host} registers itself (dynamic registration) or sends its metadata document URL as client_id.`,
      // A registration, or the first authorize of a client identified by its document (nothing to register).
      matches: ownClient,
      succeeded: (row) => row.status < 400,
    },
    {
      id: 'login',
      kind: 'login',
      label: 'Signed in',
      waiting: 'Sign in on Handshake’s page as one of your users, and allow.',
      matches: ownClient,
      succeeded: (row) => row.status === 302,
    },
    {
      id: 'token',
      kind: 'token',
      label: 'Code exchanged for tokens',
      waiting: `${host} exchanges the code (with its PKCE verifier and resource).`,
      matches: ownClient,
      succeeded: is2xx,
    },
    {
      id: 'initialize',
      kind: 'mcp',
      label: 'MCP session started',
      waiting: `${host} calls initialize on /mcp with the token.`,
      matches: (row) => row.rpc === 'initialize',
      succeeded: (row) => is2xx(row) && row.worstNote !== 'error',
    },
    {
      id: 'tool',
      kind: 'mcp',
      label: 'First tool call',
      waiting: `Ask ${host} something that uses one of your tools.`,
      matches: (row) => row.rpc?.startsWith('tools/call') === true,
      succeeded: (row) => is2xx(row) && row.worstNote !== 'error',
    },
  ];
}

/** The MCP path's checklist from the traffic log: registration ticks the second step too. */
export function mcpSteps(entries: readonly TrafficSummary[], classicClientId: string | undefined, host = 'ChatGPT'): SetupStep[] {
  const steps = stepsFromTraffic(mcpStepSpecs(classicClientId, host), entries);
  const registration = entries.find((row) => row.kind === 'registration' && is2xx(row) && fromChatGpt(row));
  if (registration && !steps[1].done)
    steps[1] = {
      ...steps[1],
      done: true,
      detail: `Registered at ${new Date(registration.time).toLocaleTimeString()}${registration.mcpHost ? ` by ${mcpHostNames[registration.mcpHost]}` : ''}`,
      failure: undefined,
      local: undefined,
    };
  return steps;
}

/** Before ChatGPT: a running server and a public URL (no manifest or verification token on this path). */
export function mcpLocalSteps(status: Status | undefined): SetupStep[] {
  return serverSteps(status, '/mcp');
}

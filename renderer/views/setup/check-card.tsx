import { useEffect, useState } from 'react';
import type { CheckInput, CheckProfile, HostView, McpHostId } from '../../../server/control/control-api';
import type { UserView } from '../../../server/store/records';
import { useControl } from '../../state/control-context';
import { mcpHostNames } from '../../state/host-names';
import { useResource } from '../../state/use-resource';
import { Card } from '../../ui/card';
import { ErrorMessage } from '../../ui/error-message';
import { Notice } from '../../ui/notice';
import { useAction } from '../../ui/use-action';
import { CheckStepItem } from './check-step-item';
import { useLatestCheckRun } from './use-check-run';

type ClassicClient = 'plugin' | 'action-post' | 'action-basic';

const classicClients: { value: ClassicClient; label: string }[] = [
  { value: 'plugin', label: 'ChatGPT plugin (ai-plugin.json)' },
  { value: 'action-post', label: 'GPT Action, Default (POST request)' },
  { value: 'action-basic', label: 'GPT Action, Basic authorization header' },
];

const classicDescription =
  'Plays ChatGPT’s side of the install against your public URL: manifest, verification token, OpenAPI spec, sign-in with a state, code exchange as configured, an API call, a refresh and a second call.';

function mcpDescription(name: string, chatGpt: boolean): string {
  return chatGpt
    ? 'Plays ChatGPT connecting your MCP server: the 401 challenge, metadata, ChatGPT’s checks, its metadata document with private_key_jwt (or registration), sign-in with PKCE and resource, iss, the token, initialize, tools/list, a tool call, a reconnect without scope and a refresh.'
    : `Plays ${name} connecting your MCP server: the 401 challenge, metadata, its registration (metadata document or DCR, as ${name} chooses), its redirect URI, scopes and resource, sign-in, the token, initialize, tools/list, a tool call and a refresh as ${name} sends it.`;
}

/** The check profile a host is played by; ChatGPT's is `mcp`. */
const profileOfHost = (host: McpHostId): CheckProfile => (host === 'chatgpt' ? 'mcp' : (host as CheckProfile));
const hostOfProfile = (profile: CheckProfile): McpHostId => (profile === 'mcp' ? 'chatgpt' : (profile as McpHostId));

/**
 * "Test as ChatGPT": one click runs ChatGPT's client side of the install (`profile`) against the public URL and lists
 * the steps live, each with what ChatGPT does, its verdict, the reason and the requests it sent. The same check runs
 * from POST /api/checks and `npm run check`.
 */
export function CheckCard({ profile: initial, host: picked }: { profile: CheckProfile; host?: McpHostId }) {
  const { api } = useControl();
  const users = useResource((bridge) => bridge.listUsers(), 'users');
  const hosts = useResource<HostView[]>((bridge) => bridge.listHosts(undefined), null);
  const [profile, setProfile] = useState<CheckProfile>(initial);
  // The host picked in Setup, when the check can play it (not every recognised host has a profile).
  const playable = picked !== undefined && hosts.data?.some((host) => host.id === picked && host.testable);
  useEffect(() => setProfile(playable ? profileOfHost(picked!) : initial), [initial, picked, playable]);
  const classic = profile === 'classic';
  const player = classic ? 'ChatGPT' : mcpHostNames[hostOfProfile(profile)];
  const testable = (hosts.data ?? []).filter((host) => host.testable);
  const [run, setRun] = useLatestCheckRun(profile);
  const [user, setUser] = useState('');
  const [classicClient, setClassicClient] = useState<ClassicClient>('plugin');
  const start = useAction(async () => {
    const input: CheckInput = { profile, ...(user ? { user } : {}) };
    if (profile === 'classic' && classicClient !== 'plugin')
      Object.assign(input, { classicClient: 'action', tokenAuth: classicClient === 'action-basic' ? 'basic' : 'post' });
    setRun(await api.runCheck(input));
  });
  const list: UserView[] = users.data ?? [];
  const failed = run?.steps.find((step) => step.verdict === 'fail');

  return (
    <Card
      id={`check-${classic ? 'classic' : 'mcp'}`}
      title={`Test as ${player}`}
      description={classic ? classicDescription : mcpDescription(player, profile === 'mcp')}
      actions={
        <button type="button" className="button primary" onClick={() => void start.run()} disabled={start.busy}>
          {start.busy ? 'Testing…' : `Test as ${player}`}
        </button>
      }
    >
      <div className="inline-form">
        <label className="field">
          <span className="field-label">Sign in as</span>
          <select value={user} onChange={(event) => setUser(event.target.value)}>
            <option value="">{list[0] ? `${list[0].email} (first user)` : 'the first user'}</option>
            {list.slice(1).map((each) => (
              <option key={each.id} value={each.email}>
                {each.email}
              </option>
            ))}
          </select>
        </label>
        {!classic && testable.length > 0 && (
          <label className="field">
            <span className="field-label">Play</span>
            <select value={hostOfProfile(profile)} onChange={(event) => setProfile(profileOfHost(event.target.value as McpHostId))}>
              {testable.map((host) => (
                <option key={host.id} value={host.id}>
                  {host.name}
                </option>
              ))}
            </select>
          </label>
        )}
        {profile === 'classic' && (
          <label className="field">
            <span className="field-label">ChatGPT plays</span>
            <select value={classicClient} onChange={(event) => setClassicClient(event.target.value as ClassicClient)}>
              {classicClients.map((option) => (
                <option key={option.value} value={option.value}>
                  {option.label}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      <ErrorMessage error={start.error} prefix="The check could not start" />
      {run && (
        <>
          <p className="muted small">
            Against <code>{run.url}</code>
            {run.user ? ` as ${run.user}` : ''} · traffic flow <code>{run.flowId}</code> (marked in Traffic as Handshake’s own check)
          </p>
          {run.state === 'passed' && <Notice level="ok" title={`${player} would go through.`} />}
          {run.state === 'failed' && failed && (
            <Notice level="error" title={`${player} would stop at “${failed.title}”.`}>
              {failed.reason}
            </Notice>
          )}
          <ol className="steps" aria-label={`Test as ${player} steps`}>
            {run.steps.map((step) => (
              <CheckStepItem key={step.id} step={step} />
            ))}
          </ol>
        </>
      )}
    </Card>
  );
}

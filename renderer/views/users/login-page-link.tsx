import type { ClientView } from '../../../server/store/records';
import { useSettings, useStatus } from '../../state/shared-resources';
import { useResource } from '../../state/use-resource';
import { Icon } from '../../ui/icons';

/** A ChatGPT-shaped callback the authorize endpoint accepts when ChatGPT's callbacks are allowed. */
const tryCallback = 'https://chatgpt.com/aip/handshake-try/oauth/callback';

/**
 * The authorize URL ChatGPT would open, for trying a user's sign-in in a browser. After signing in, the browser
 * goes on to the callback (ChatGPT's, which does not know this try-out); the sign-in is in Traffic either way.
 */
export function LoginPageLink() {
  const { data: status } = useStatus();
  const { data: settings } = useSettings();
  const client = useResource<ClientView>((api) => api.getClient(undefined), 'client');
  if (!status || !settings || !client.data) return null;
  const redirectUri = settings.allowChatGptCallbacks ? tryCallback : settings.redirectUris[0];
  if (!redirectUri) {
    return <span className="muted small">Allow ChatGPT’s callbacks or add a redirect URI (Settings) to try the login page.</span>;
  }
  const url = new URL('/oauth/authorize', status.publicUrl ?? status.localUrl);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: client.data.id,
    redirect_uri: redirectUri,
    scope: settings.scope,
    state: 'try-from-dashboard',
  }).toString();
  return (
    <a
      className="button secondary"
      href={url.toString()}
      target="_blank"
      rel="noreferrer"
      title="Sign in as one of these users, the way ChatGPT sends people"
    >
      <Icon name="external" /> Open the login page<span className="visually-hidden"> (opens in a new window)</span>
    </a>
  );
}

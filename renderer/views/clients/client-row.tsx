import type { RegisteredClientView } from '../../../server/store/records';
import { useControl } from '../../state/control-context';
import { ConfirmButton } from '../../ui/confirm-button';
import { CopyButton } from '../../ui/copy-button';
import { ErrorMessage } from '../../ui/error-message';
import { Icon } from '../../ui/icons';
import { useAction } from '../../ui/use-action';
import { authMethodLabels, clientKindLabels } from './client-kind';

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : 'never');

/** One client: what it is, where it may send users back to, when it was last used; delete revokes its grants. */
export function ClientRow({ client, onChanged }: { client: RegisteredClientView; onChanged: () => void }) {
  const { api } = useControl();
  const remove = useAction(async () => {
    await api.deleteClient({ id: client.id });
    onChanged();
  });
  const method = client.kind === 'classic' ? 'secret in the body or a Basic header' : authMethodLabels[client.tokenEndpointAuthMethod];
  return (
    <li className="client" aria-label={client.name}>
      <div className="client-main">
        <div className="client-text">
          <div className="strong">
            {client.name} <span className={`kind-badge kind-${client.kind}`}>{clientKindLabels[client.kind]}</span>
          </div>
          <div className="mono small client-id">
            {client.id} <CopyButton value={client.id} label={`Copy the client ID of ${client.name}`} compact />
          </div>
          <div className="muted small">
            {method}
            {client.secretFingerprint ? ` · secret ${client.secretFingerprint}` : ''}
            {client.documentHost ? ` · document on ${client.documentHost}` : ''} · added {when(client.createdAt)} · last used{' '}
            {when(client.lastUsedAt)}
            {client.expiresAt ? ` · forgotten ${new Date(client.expiresAt).toLocaleDateString()} unless used` : ''} · {client.activeGrants}{' '}
            active grant{client.activeGrants === 1 ? '' : 's'}
          </div>
        </div>
        {client.kind !== 'classic' && (
          <div className="client-actions">
            <ConfirmButton
              label={`Delete ${client.name}`}
              confirmText={
                client.activeGrants
                  ? `Delete and revoke ${client.activeGrants} grant${client.activeGrants === 1 ? '' : 's'}`
                  : `Delete ${client.name}`
              }
              onConfirm={() => void remove.run()}
            >
              <Icon name="trash" /> Delete
            </ConfirmButton>
          </div>
        )}
      </div>
      <ul className="redirect-list small" aria-label={`Redirect URIs of ${client.name}`}>
        {client.redirectUris.length === 0 && client.kind === 'classic' && (
          <li className="muted">ChatGPT’s plugin and GPT callbacks (Settings → Redirect URIs adds more)</li>
        )}
        {client.redirectUris.map((uri) => (
          <li key={uri} className="mono">
            {uri}
          </li>
        ))}
      </ul>
      <ErrorMessage error={remove.error} />
    </li>
  );
}

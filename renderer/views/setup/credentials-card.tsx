import type { ClientView } from '../../../server/store/records';
import { useControl } from '../../state/control-context';
import { useResource } from '../../state/use-resource';
import { Card } from '../../ui/card';
import { ConfirmButton } from '../../ui/confirm-button';
import { CopyButton } from '../../ui/copy-button';
import { ErrorMessage } from '../../ui/error-message';
import { Icon } from '../../ui/icons';
import { SecretValue } from '../../ui/secret-value';
import { useAction } from '../../ui/use-action';
import { OwnCredentialsForm } from './own-credentials-form';

/** The OAuth client ChatGPT authenticates as: ID and secret to type into its wizard. */
export function CredentialsCard() {
  const { api } = useControl();
  const client = useResource<ClientView>((a) => a.getClient(), 'client');
  const rotate = useAction(async () => {
    const next = await api.rotateClientSecret(undefined);
    client.set(next);
  });

  return (
    <Card
      id="credentials"
      title="3. Client ID and secret"
      description="ChatGPT asks for these after it finds the manifest. Copy each into its field, then click Next."
    >
      <ErrorMessage error={client.error} prefix="Could not load the client" />
      {client.data && (
        <dl className="kv">
          <dt>Client ID</dt>
          <dd>
            <div className="value-row">
              <code className="value mono" aria-label="Client ID">
                {client.data.id}
              </code>
              <CopyButton value={client.data.id} label="Copy client ID" compact />
            </div>
          </dd>
          <dt>Client secret</dt>
          <dd>
            <SecretValue value={client.data.secret} label="client secret" />
            <div className="row small muted">
              <span>In the traffic log the secret appears as {client.data.secretFingerprint}.</span>
              <ConfirmButton
                label="Rotate client secret"
                confirmText="Rotate — ChatGPT needs the new one"
                onConfirm={() => void rotate.run()}
              >
                <Icon name="refresh" /> Rotate
              </ConfirmButton>
            </div>
            <ErrorMessage error={rotate.error} />
          </dd>
        </dl>
      )}
      {client.data && <OwnCredentialsForm onSaved={client.set} />}
    </Card>
  );
}

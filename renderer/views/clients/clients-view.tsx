import type { RegisteredClientView } from '../../../server/store/records';
import { useResource } from '../../state/use-resource';
import { Card } from '../../ui/card';
import { ErrorMessage } from '../../ui/error-message';
import { AddClientForm } from './add-client-form';
import { ClientRow } from './client-row';

/** Every OAuth client that can sign users in: the classic plugin client, the developer's own, and those registered by DCR or CIMD. */
export function ClientsView() {
  const clients = useResource<RegisteredClientView[]>((api) => api.listClients(undefined), 'clients');
  return (
    <div className="view">
      <header className="view-header">
        <div>
          <h1>Clients</h1>
          <p className="muted">
            The applications that can sign your users in: the classic plugin client from Setup, clients you add here (ChatGPT calls them
            “predefined”), and the clients ChatGPT, Codex or other MCP hosts register themselves (DCR) or identify by a metadata document
            URL (CIMD).
          </p>
        </div>
      </header>
      <Card
        title="Add a client"
        id="add-client"
        description="For an MCP host you configure by hand, such as ChatGPT's “predefined OAuth client” or MCP Inspector with a static client ID."
      >
        <AddClientForm onAdded={clients.reload} />
      </Card>
      <Card
        title="Clients"
        id="client-list"
        description={clients.data ? `${clients.data.length} client${clients.data.length === 1 ? '' : 's'}` : undefined}
      >
        <ErrorMessage error={clients.error} prefix="Could not load clients" />
        {clients.data && (
          <ul className="client-list" aria-label="Clients">
            {clients.data.map((client) => (
              <ClientRow key={client.id} client={client} onChanged={clients.reload} />
            ))}
          </ul>
        )}
        {clients.data && clients.data.length === 1 && (
          <p className="muted small">
            No other client yet. When ChatGPT connects to your MCP server it registers itself or sends its metadata document URL, and shows
            up here.
          </p>
        )}
      </Card>
    </div>
  );
}

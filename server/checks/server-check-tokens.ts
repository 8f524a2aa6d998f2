import { mcpResource } from '../mcp/mcp-resource';
import { tokenLifetimes } from '../oauth/grants/grant-context';
import type { KeyStore } from '../oauth/keys/key-store';
import { mintAccessToken } from '../oauth/tokens/access-token-format';
import { tokenShapes } from '../oauth/tokens/providers';
import type { Store } from '../store/store';
import type { IssuedProbeToken, ServerCheckSubject } from './server-check-subject';

export interface ServerCheckTokenDeps {
  store: Store;
  keys: KeyStore;
  /** The public base URL: Handshake's issuer and the origin of /mcp. */
  issuer: string;
  /** The user tokens are minted for (the run's user); null when Handshake has none. */
  userId: string | null;
  flowId: string;
  /** The server probed: when it is the one /mcp forwards to, the baseline is also sent through /mcp. */
  probedUrl: string;
}

const sameUrl = (a: string, b: string) => a.replace(/\/+$/, '') === b.replace(/\/+$/, '');

/**
 * The core's side of the server check: valid tokens come from the real path (mintAccessToken, a real grant stored as
 * a hash, so revocation and introspection know them); bad ones from the key store's probe signer.
 */
export function serverCheckSubject(deps: ServerCheckTokenDeps): ServerCheckSubject {
  const { store, keys, issuer, flowId } = deps;
  const settings = store.settings.get();
  const resource = mcpResource(issuer, settings).identifier;
  const verifier = tokenShapes[settings.tokenShape].verifier(issuer, resource, store.client.view().id);
  return {
    issuer: verifier.issuer,
    audience: verifier.audience,
    jwksUri: verifier.jwksUri,
    throughHandshake: settings.mcpUpstream && sameUrl(settings.mcpUpstream, deps.probedUrl) ? resource : null,
    jwt: settings.accessTokenFormat === 'jwt',
    async issue(scope): Promise<IssuedProbeToken> {
      const user = deps.userId ? store.users.byId(deps.userId) : undefined;
      if (!user) throw new Error('Handshake has no user to mint a token for: add one under Users.');
      const current = store.settings.get();
      const clientId = store.client.view().id;
      const access = await mintAccessToken(keys, current, { issuer, clientId, user, scope, resources: [resource] });
      const issued = store.grants.issue(
        { clientId, userId: user.id, scope, flowId, resources: [resource] },
        tokenLifetimes(current),
        access,
      );
      await store.save({ grants: [issued.grant] });
      return {
        token: issued.accessToken,
        async revoke() {
          if (issued.grant.revokedAt) return;
          store.grants.revoke(issued.grant, 'server_check');
          await store.save({ grants: [issued.grant] });
        },
      };
    },
    signer: () => keys.probeSigner(),
  };
}

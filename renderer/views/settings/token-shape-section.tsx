import type { TokenShapeView } from '../../../server/control/control-api';
import type { Settings } from '../../../server/settings/settings';
import { useControl } from '../../state/control-context';
import { useSettings } from '../../state/shared-resources';
import { useResource } from '../../state/use-resource';
import { Card } from '../../ui/card';
import { CopyButton } from '../../ui/copy-button';
import { ErrorMessage } from '../../ui/error-message';
import { Icon } from '../../ui/icons';
import { useAction } from '../../ui/use-action';

function VerifierTable({ shape }: { shape: TokenShapeView }) {
  const { verifier } = shape;
  const rows: [string, string][] = [
    ['Issuer (iss)', verifier.issuer],
    ['Audience (aud)', verifier.audience ?? 'none in the token: do not require one'],
    ['Keys (JWKS)', verifier.jwksUri],
    ['Algorithms', verifier.algorithms.join(', ')],
    ['Header typ', verifier.typ ?? 'not checked (JWT or none)'],
    ...Object.entries(verifier.requiredClaims).map(([claim, value]): [string, string] => [`Require ${claim}`, value]),
    ['Scopes', `${verifier.scopeClaim}, ${verifier.scopeFormat}`],
  ];
  return (
    <table className="kv-table" aria-label={`Verifier configuration for ${shape.label}`}>
      <tbody>
        {rows.map(([name, value]) => (
          <tr key={name}>
            <th scope="row">{name}</th>
            <td>
              <code className="mono">{value}</code>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * "Mint tokens like": the claims, typ, aud form, scope claim and issuer of the identity provider the developer will
 * use in production, with the exact verifier configuration that provider's tokens need beside the choice.
 */
export function TokenShapeSection() {
  const { api } = useControl();
  const settings = useSettings();
  const shapes = useResource<TokenShapeView[]>((bridge) => bridge.listTokenShapes(undefined), 'settings');
  const save = useAction(async (tokenShape: Settings['tokenShape']) => {
    settings.set(await api.updateSettings({ tokenShape }));
  });
  const current = settings.data?.tokenShape;
  const shape = shapes.data?.find((candidate) => candidate.id === current);
  const opaque = settings.data?.accessTokenFormat === 'opaque';

  return (
    <Card
      id="token-shape"
      title="Token shape"
      description="Access tokens shaped like your production identity provider’s, so your MCP server is proven against the tokens it will meet. Your verifier needs the configuration below."
    >
      <label className="field">
        <span className="field-label">Mint tokens like</span>
        <select
          value={current ?? 'handshake'}
          disabled={!shapes.data || save.busy}
          onChange={(event) => void save.run(event.target.value as Settings['tokenShape'])}
        >
          {(shapes.data ?? []).map((candidate) => (
            <option key={candidate.id} value={candidate.id}>
              {candidate.label}
            </option>
          ))}
        </select>
      </label>
      <ErrorMessage error={save.error ?? shapes.error} prefix="Could not change the token shape" />
      {opaque && (
        <p className="muted small">
          Access tokens are opaque now (OAuth settings: access token format): the shape applies once they are JWTs.
        </p>
      )}
      {shape && (
        <>
          <ul className="plain-list small">
            {shape.notes.map((note) => (
              <li key={note}>{note}</li>
            ))}
          </ul>
          <VerifierTable shape={shape} />
          <div className="row">
            <span className="field-label">jose</span>
            <CopyButton value={shape.snippet} label={`Copy the jose verifier for ${shape.label}`} compact />
          </div>
          <figure className="snippet" aria-label={`jose verifier for ${shape.label}`}>
            <pre className="code">{shape.snippet}</pre>
          </figure>
          <a href={shape.docs} target="_blank" rel="noreferrer" className="external-link small">
            {shape.label}: access tokens
            <Icon name="external" size={12} />
            <span className="visually-hidden"> (opens in a new window)</span>
          </a>
        </>
      )}
    </Card>
  );
}

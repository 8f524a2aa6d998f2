import { useEffect, useState } from 'react';
import type { SigningKeyView } from '../../../server/oauth/keys/key-store';
import { useControl } from '../../state/control-context';
import { ConfirmButton } from '../../ui/confirm-button';
import { ErrorMessage } from '../../ui/error-message';
import { useAction } from '../../ui/use-action';

function when(iso: string | null): string {
  return iso ? new Date(iso).toLocaleString() : '—';
}

function keyState(key: SigningKeyView): string {
  if (key.retiredAt === null) return 'signs new tokens';
  return key.published ? 'retired, still in the JWKS' : 'retired, gone from the JWKS';
}

/** The keys that sign JWTs (public halves only: the control API has no other), with rotation. */
export function SigningKeys({ jwksUrl }: { jwksUrl: string }) {
  const { api } = useControl();
  const [keys, setKeys] = useState<SigningKeyView[] | null>(null);
  const load = useAction(async () => setKeys(await api.listSigningKeys()));
  const rotate = useAction(async (retireNow: boolean) => setKeys(await api.rotateSigningKey({ retireNow })));
  // biome-ignore lint/correctness/useExhaustiveDependencies: load once; useAction's run changes every render
  useEffect(() => {
    void load.run();
  }, [api]);

  return (
    <div className="subsection">
      <h3 className="subsection-title">Signing keys</h3>
      <p className="field-hint">
        Published at <code>{jwksUrl}</code>. A rotation makes a new key sign; the old one stays in the JWKS until the last token it signed
        has expired, so verifiers that cached the JWKS keep working.
      </p>
      <ErrorMessage error={load.error ?? rotate.error} prefix="Signing keys" />
      {keys && (
        <table className="signing-keys" aria-label="Signing keys">
          <thead>
            <tr>
              <th scope="col">kid</th>
              <th scope="col">alg</th>
              <th scope="col">Created</th>
              <th scope="col">Retired</th>
              <th scope="col">Published until</th>
              <th scope="col">State</th>
            </tr>
          </thead>
          <tbody>
            {keys.map((key) => (
              <tr key={key.kid}>
                <td className="mono">{key.kid}</td>
                <td className="mono">{key.alg}</td>
                <td>{when(key.createdAt)}</td>
                <td>{when(key.retiredAt)}</td>
                <td>{key.retiredAt === null ? 'while it signs' : when(key.publishedUntil)}</td>
                <td>{keyState(key)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="row">
        <button type="button" className="button" disabled={rotate.busy} onClick={() => void rotate.run(false)}>
          Rotate signing key
        </button>
        <ConfirmButton
          label="Rotate and retire the old key now (simulate a bad rotation)"
          confirmText="Retire it now"
          disabled={rotate.busy}
          onConfirm={() => void rotate.run(true)}
        >
          Rotate and retire the old key now (simulate a bad rotation)
        </ConfirmButton>
      </div>
      <p className="field-hint">
        Retiring at once takes the old key out of the JWKS while tokens it signed are still in use: your server then fails with “kid not
        found”, and Traffic marks those tokens <em>Retired kid</em>. A verifier that refetches the JWKS on an unknown kid (jose’s{' '}
        <code>createRemoteJWKSet</code>, FastMCP) recovers for new tokens; one that caches the JWKS for hours does not.
      </p>
    </div>
  );
}

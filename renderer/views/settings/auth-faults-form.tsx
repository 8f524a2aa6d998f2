import { type FormEvent, useState } from 'react';
import type { FaultInput, FaultView } from '../../../server/control/control-api';
import { useControl } from '../../state/control-context';
import { ErrorMessage } from '../../ui/error-message';
import { useAction } from '../../ui/use-action';

const wholeNumber = (value: string, min: number, max: number) =>
  /^-?\d+$/.test(value.trim()) && Number(value) >= min && Number(value) <= max;

/** A whole-number input with its range error, as the fault forms show them. */
function NumberField(props: { id: string; label: string; value: string; error: string | null; onChange(value: string): void }) {
  return (
    <label className="field">
      <span className="field-label">{props.label}</span>
      <input
        inputMode="numeric"
        className="narrow"
        value={props.value}
        onChange={(event) => props.onChange(event.target.value)}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={props.error ? props.id : undefined}
      />
      {props.error && (
        <span className="field-error" id={props.id}>
          {props.error}
        </span>
      )}
    </label>
  );
}

/**
 * The faults your MCP server's token validation meets in production: a key rotation (with or without retiring the old
 * key), tokens from a skewed clock, a JWKS that is down or slow, a refresh refused. Each shows in Traffic as injected.
 */
export function AuthFaultsForm({ onChange }: { onChange(faults: FaultView[]): void }) {
  const { api } = useControl();
  const [done, setDone] = useState<string | null>(null);
  const [skew, setSkew] = useState('-300');
  const [jwksSeconds, setJwksSeconds] = useState('60');
  const [jwksDelay, setJwksDelay] = useState('5000');
  const inject = useAction(async (input: FaultInput, said: string) => {
    setDone(null);
    onChange(await api.injectFault(input));
    setDone(`${said} (${new Date().toLocaleTimeString()})`);
  });

  const skewError = wholeNumber(skew, -86400, 86400) ? null : '−86400 to 86400 s';
  const secondsError = wholeNumber(jwksSeconds, 1, 3600) ? null : '1 to 3600 s';
  const delayError = wholeNumber(jwksDelay, 1, 60000) ? null : '1 to 60000 ms';

  const submitSkew = (event: FormEvent) => {
    event.preventDefault();
    if (!skewError) void inject.run({ kind: 'clock-skew', seconds: Number(skew) }, `Tokens are now minted ${skew} s off`);
  };

  return (
    <section className="subsection" aria-label="Token validation faults">
      <h3 className="subsection-title">Your MCP server’s token validation</h3>
      <div className="row">
        <button
          type="button"
          className="button secondary"
          disabled={inject.busy}
          onClick={() => void inject.run({ kind: 'rotate-keys', retireNow: false }, 'Keys rotated; the old key stays published')}
        >
          Rotate keys
        </button>
        <button
          type="button"
          className="button secondary"
          disabled={inject.busy}
          onClick={() => void inject.run({ kind: 'rotate-keys', retireNow: true }, 'Keys rotated and the old key retired now')}
        >
          Rotate and retire the old key now
        </button>
        <button
          type="button"
          className="button secondary"
          disabled={inject.busy}
          onClick={() =>
            void inject.run(
              { kind: 'fail', target: 'refresh', count: 1, error: 'invalid_grant' },
              'The next refresh fails with invalid_grant',
            )
          }
        >
          Next refresh fails (invalid_grant)
        </button>
      </div>
      <form className="fault-form" onSubmit={submitSkew} noValidate>
        <NumberField id="skew-error" label="Clock skew (s)" value={skew} error={skewError} onChange={setSkew} />
        <button type="submit" className="button secondary" disabled={inject.busy}>
          Mint tokens with this skew
        </button>
      </form>
      <form className="fault-form" onSubmit={(event) => event.preventDefault()} noValidate>
        <NumberField id="jwks-seconds-error" label="JWKS for (s)" value={jwksSeconds} error={secondsError} onChange={setJwksSeconds} />
        <button
          type="button"
          className="button secondary"
          disabled={inject.busy || Boolean(secondsError)}
          onClick={() => void inject.run({ kind: 'jwks-unavailable', seconds: Number(jwksSeconds) }, 'The JWKS answers 503')}
        >
          Answer 503
        </button>
        <NumberField id="jwks-delay-error" label="or slowly, by (ms)" value={jwksDelay} error={delayError} onChange={setJwksDelay} />
        <button
          type="button"
          className="button secondary"
          disabled={inject.busy || Boolean(secondsError) || Boolean(delayError)}
          onClick={() =>
            void inject.run(
              { kind: 'jwks-slow', seconds: Number(jwksSeconds), delayMs: Number(jwksDelay) },
              `The JWKS answers after ${jwksDelay} ms`,
            )
          }
        >
          Answer slowly
        </button>
      </form>
      {done && (
        <p className="ok-text small" role="status">
          {done}. Traffic marks the affected requests as injected.
        </p>
      )}
      <ErrorMessage error={inject.error} prefix="Could not inject the fault" />
    </section>
  );
}

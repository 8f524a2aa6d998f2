import { type FormEvent, useState } from 'react';
import type { FaultInput, FaultView, oauthErrorCodes } from '../../../server/control/control-api';
import { useControl } from '../../state/control-context';
import { useResource } from '../../state/use-resource';
import { Card } from '../../ui/card';
import { ErrorMessage } from '../../ui/error-message';
import { useAction } from '../../ui/use-action';
import { AuthFaultsForm } from './auth-faults-form';

/** Mirrors `oauthErrorCodes` (the contract module pulls in zod); a code missing on either side fails to compile. */
const oauthErrors = [
  'invalid_request',
  'invalid_client',
  'invalid_grant',
  'unauthorized_client',
  'unsupported_grant_type',
  'invalid_scope',
  'server_error',
  'temporarily_unavailable',
] as const satisfies readonly (typeof oauthErrorCodes)[number][];
type EveryCodeListed = [Exclude<(typeof oauthErrorCodes)[number], (typeof oauthErrors)[number]>] extends [never] ? true : false;
const everyCodeListed: EveryCodeListed = true;
void everyCodeListed;

const targetWords: Record<FaultView['target'], string> = {
  token: 'Token requests',
  refresh: 'Refresh requests',
  api: 'API calls',
  jwks: 'The JWKS',
};

function describe(fault: FaultView): string {
  const until = fault.until ? `until ${new Date(fault.until).toLocaleTimeString()}` : 'until cleared';
  if (fault.kind === 'clock-skew')
    return `Clock skew: tokens minted ${fault.skewSeconds! > 0 ? '+' : ''}${fault.skewSeconds} s off — ${until}`;
  if (fault.kind === 'jwks-unavailable') return `The JWKS answers 503 — ${until}`;
  if (fault.kind === 'jwks-slow') return `The JWKS answers after ${fault.delayMs} ms — ${until}`;
  const what = fault.kind === 'delay' ? `delay by ${fault.delayMs} ms` : `fail with ${fault.error ?? fault.status}`;
  return `${targetWords[fault.target]}: ${what} — ${fault.remaining} left`;
}

/** Make the next requests fail or stall, to see how ChatGPT copes (and what the log says). */
export function FaultsSection() {
  const { api } = useControl();
  const faults = useResource<FaultView[]>((a) => a.listFaults(undefined), 'faults');
  const [kind, setKind] = useState<'fail' | 'delay'>('fail');
  const [target, setTarget] = useState<'token' | 'refresh' | 'api'>('token');
  const [count, setCount] = useState('1');
  const [failWith, setFailWith] = useState<string>('invalid_grant');
  const [delayMs, setDelayMs] = useState('5000');

  const [expired, setExpired] = useState<string | null>(null);
  const inject = useAction(async (input: FaultInput) => faults.set(await api.injectFault(input)));
  const expire = useAction(async () => {
    setExpired(null);
    faults.set(await api.injectFault({ kind: 'expire-access-tokens' }));
    setExpired(`Access tokens expired at ${new Date().toLocaleTimeString()}: ChatGPT’s next call gets a 401 and should refresh.`);
  });
  const clear = useAction(async () => faults.set(await api.clearFaults(undefined)));

  const countNumber = Number(count);
  const countError = !/^\d+$/.test(count) || countNumber < 1 || countNumber > 1000 ? '1 to 1000' : null;
  const delayError =
    kind === 'delay' && (!/^\d+$/.test(delayMs) || Number(delayMs) < 1 || Number(delayMs) > 60000) ? '1 to 60000 ms' : null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (countError || delayError) return;
    if (kind === 'delay') void inject.run({ kind, target, count: countNumber, delayMs: Number(delayMs) });
    else if (/^\d{3}$/.test(failWith)) void inject.run({ kind, target, count: countNumber, status: Number(failWith) });
    else void inject.run({ kind, target, count: countNumber, error: failWith as (typeof oauthErrors)[number] });
  };

  return (
    <Card id="faults" title="Fault injection" description="Rehearse failures: ChatGPT’s retries, refresh and error messages.">
      <form className="fault-form" onSubmit={submit} noValidate>
        <label className="field">
          <span className="field-label">Effect</span>
          <select value={kind} onChange={(e) => setKind(e.target.value as 'fail' | 'delay')}>
            <option value="fail">Fail</option>
            <option value="delay">Delay</option>
          </select>
        </label>
        <label className="field">
          <span className="field-label">Target</span>
          <select
            value={target}
            onChange={(e) => {
              setTarget(e.target.value as 'token' | 'refresh' | 'api');
              setFailWith(e.target.value === 'api' ? '500' : 'invalid_grant');
            }}
          >
            <option value="token">Token endpoint</option>
            <option value="refresh">Refreshes only</option>
            <option value="api">API calls</option>
          </select>
        </label>
        <label className="field">
          <span className="field-label">Next N requests</span>
          <input
            inputMode="numeric"
            value={count}
            onChange={(e) => setCount(e.target.value)}
            aria-invalid={countError ? true : undefined}
            aria-describedby={countError ? 'fault-count-error' : undefined}
            className="narrow"
          />
          {countError && (
            <span className="field-error" id="fault-count-error">
              {countError}
            </span>
          )}
        </label>
        {kind === 'fail' ? (
          <label className="field">
            <span className="field-label">Answer with</span>
            <select value={failWith} onChange={(e) => setFailWith(e.target.value)}>
              {target !== 'api' &&
                oauthErrors.map((code) => (
                  <option key={code} value={code}>
                    {code}
                  </option>
                ))}
              {['429', '500', '502', '503'].map((status) => (
                <option key={status} value={status}>
                  HTTP {status}
                </option>
              ))}
            </select>
          </label>
        ) : (
          <label className="field">
            <span className="field-label">Delay (ms)</span>
            <input
              inputMode="numeric"
              value={delayMs}
              onChange={(e) => setDelayMs(e.target.value)}
              aria-invalid={delayError ? true : undefined}
              aria-describedby={delayError ? 'fault-delay-error' : undefined}
              className="narrow"
            />
            {delayError && (
              <span className="field-error" id="fault-delay-error">
                {delayError}
              </span>
            )}
          </label>
        )}
        <button type="submit" className="button primary" disabled={inject.busy}>
          Inject
        </button>
      </form>
      <div className="row">
        <button type="button" className="button secondary" onClick={() => void expire.run()} disabled={expire.busy}>
          Expire all access tokens now
        </button>
        {expired ? (
          <span className="ok-text small" role="status">
            {expired}
          </span>
        ) : (
          <span className="muted small">ChatGPT’s next call gets a 401 and should refresh.</span>
        )}
      </div>
      <AuthFaultsForm onChange={faults.set} />
      <ErrorMessage error={inject.error ?? expire.error ?? clear.error ?? faults.error} />
      <div className="subsection">
        <div className="row">
          <h3 className="subsection-title">Active faults</h3>
          <span className="spacer" />
          {faults.data && faults.data.length > 0 && (
            <button type="button" className="button ghost" onClick={() => void clear.run()}>
              Clear all faults
            </button>
          )}
        </div>
        {faults.data && faults.data.length === 0 && <p className="muted small">None — requests are answered normally.</p>}
        {faults.data && faults.data.length > 0 && (
          <ul className="plain-list fault-list" aria-label="Active faults">
            {faults.data.map((fault) => (
              <li key={fault.id}>{describe(fault)}</li>
            ))}
          </ul>
        )}
      </div>
    </Card>
  );
}

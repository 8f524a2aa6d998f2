import type { CheckExchange, CheckStep } from '../../../server/control/control-api';
import { useNavigation } from '../../state/navigation';
import { Icon } from '../../ui/icons';

const verdictWords: Record<CheckStep['verdict'], string> = {
  pending: 'waiting',
  running: 'running',
  pass: 'passed',
  warn: 'passed with a warning',
  fail: 'failed',
  skipped: 'skipped: ChatGPT would not get here',
};

/** The shared step-list look: passed as done, failed as failed, a warning as stalled (amber), the rest pending. */
const stepClass: Record<CheckStep['verdict'], string> = {
  pass: 'done',
  fail: 'failed',
  warn: 'stalled',
  pending: 'pending',
  running: 'pending',
  skipped: 'pending',
};
const stepIcon = { pass: 'check', fail: 'x', warn: 'alert', pending: 'circle', running: 'circle', skipped: 'circle' } as const;

function exchangeText(exchange: CheckExchange): string {
  const { request, response } = exchange;
  const headers = (all: Record<string, string>) => Object.entries(all).map(([name, value]) => `${name}: ${value}`);
  const lines = [`${request.method} ${request.url}`, ...headers(request.headers), ...(request.body ? ['', request.body] : []), ''];
  if (response) lines.push(`HTTP ${response.status}`, ...headers(response.headers), '', response.body);
  else lines.push(`No answer: ${exchange.error ?? 'not sent'}`);
  return lines.join('\n');
}

function ExchangeItem({ exchange }: { exchange: CheckExchange }) {
  const { go } = useNavigation();
  const path = (() => {
    try {
      return new URL(exchange.request.url).pathname;
    } catch {
      return exchange.request.url;
    }
  })();
  return (
    <li>
      <details>
        <summary>
          <code>
            {exchange.request.method} {path}
          </code>{' '}
          → {exchange.response ? exchange.response.status : (exchange.error ?? 'no answer')}
        </summary>
        <pre className="code">{exchangeText(exchange)}</pre>
      </details>
      {exchange.entryId && (
        <button type="button" className="link-button" onClick={() => go('traffic', { trafficId: exchange.entryId! })}>
          Open in Traffic
        </button>
      )}
    </li>
  );
}

function SourceLink({ source }: { source: NonNullable<CheckStep['source']> }) {
  return (
    <a href={source.url} target="_blank" rel="noreferrer" className="external-link">
      {source.title}
      <Icon name="external" size={12} />
      <span className="visually-hidden"> (opens in a new window)</span>
    </a>
  );
}

/** One step of a check: what ChatGPT does, the verdict, the reason with its source, and the requests it sent. */
export function CheckStepItem({ step }: { step: CheckStep }) {
  return (
    <li className={`step ${stepClass[step.verdict]}`} aria-busy={step.verdict === 'running' || undefined} data-verdict={step.verdict}>
      <span className="step-mark" aria-hidden="true">
        <Icon name={stepIcon[step.verdict]} size={14} />
      </span>
      <div className="step-text">
        <div className="step-label">
          {step.title}
          <span className="visually-hidden"> ({verdictWords[step.verdict]})</span>
          {step.verdict === 'running' && <span className="muted small"> — running…</span>}
        </div>
        <div className="step-detail">
          {step.chatgpt}
          {step.inferred && <em> (ChatGPT’s behaviour here is inferred, not documented.)</em>}
        </div>
        {step.reason && (
          <div className={step.verdict === 'fail' ? 'step-failure' : 'step-detail'} role={step.verdict === 'fail' ? 'alert' : undefined}>
            <span>{step.reason}</span>
            {step.source && <SourceLink source={step.source} />}
          </div>
        )}
        {!step.reason && step.source && (
          <div className="step-detail">
            <SourceLink source={step.source} />
          </div>
        )}
        {step.details.length > 0 && (
          <ul className="plain-list step-detail">
            {step.details.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        )}
        {step.exchanges.length > 0 && (
          <ul className="plain-list step-detail" aria-label={`Requests of “${step.title}”`}>
            {step.exchanges.map((exchange, index) => (
              <ExchangeItem key={`${exchange.request.method} ${exchange.request.url} ${index}`} exchange={exchange} />
            ))}
          </ul>
        )}
      </div>
    </li>
  );
}

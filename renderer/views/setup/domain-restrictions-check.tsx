import type { Preview, Status } from '../../../server/control/control-api';
import { useResource } from '../../state/use-resource';
import { Icon } from '../../ui/icons';
import { domainRestrictionItems } from './domain-restrictions';

/** Whether "Workspace domain restrictions" would pass OpenAI's review, item by item. */
export function DomainRestrictionsCheck({ preview, status }: { preview: Preview; status: Status }) {
  const users = useResource((api) => api.listUsers(), 'users');
  if (!users.data) return null;
  const items = domainRestrictionItems(preview, status, users.data);
  const missing = items.filter((item) => !item.ok).length;
  return (
    <div className="subsection">
      <h3 className="subsection-title">Workspace domain restrictions (ChatGPT Business and Enterprise)</h3>
      <p className={missing === 0 ? 'ok-text small' : 'warn-text small'}>
        {missing === 0
          ? 'Would pass OpenAI’s review: admins can restrict this plugin to their company’s email domain.'
          : `Would not pass OpenAI’s review yet: ${missing} of ${items.length} to fix.`}
      </p>
      <ul className="plain-list readiness" aria-label="Domain restriction requirements">
        {items.map((item) => (
          <li key={item.label} className={item.ok ? 'ok-text' : 'warn-text'}>
            <Icon name={item.ok ? 'check' : 'alert'} /> <strong>{item.label}</strong>
            <span className="visually-hidden">{item.ok ? ' (met)' : ' (not met)'}</span>
            <span className="muted small"> — {item.detail}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

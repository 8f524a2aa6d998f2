import type { TrafficBody } from '../../../server/traffic/traffic-entry';

/** Pretty JSON, a field table for forms, raw text for the rest. */
export function BodyView({ body, label }: { body: TrafficBody | null; label: string }) {
  if (!body || body.size === 0) return <p className="muted small">No body.</p>;
  const type = body.contentType ?? '';
  const isForm = type.includes('x-www-form-urlencoded');
  const fields = isForm && body.parsed && typeof body.parsed === 'object' ? (body.parsed as Record<string, unknown>) : null;
  return (
    <div className="body-view">
      <div className="body-meta muted small">
        <span className="mono">{type || 'no content type'}</span> · {body.size} bytes{body.truncated ? ' · truncated' : ''}
      </div>
      {fields ? (
        <table className="kv-table" aria-label={`${label} form fields`}>
          <tbody>
            {Object.entries(fields).map(([key, value]) => (
              <tr key={key}>
                <th scope="row" className="mono">
                  {key}
                </th>
                <td className="mono">{typeof value === 'string' ? value : JSON.stringify(value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <pre className="code" aria-label={label}>
          {pretty(body)}
        </pre>
      )}
    </div>
  );
}

function pretty(body: TrafficBody): string {
  if (body.parsed !== null && body.parsed !== undefined && typeof body.parsed === 'object') return JSON.stringify(body.parsed, null, 2);
  if ((body.contentType ?? '').includes('json')) {
    try {
      return JSON.stringify(JSON.parse(body.text), null, 2);
    } catch {
      return body.text;
    }
  }
  return body.text;
}

export function HeadersTable({ headers, label }: { headers: Record<string, string>; label: string }) {
  const entries = Object.entries(headers);
  if (entries.length === 0) return <p className="muted small">None.</p>;
  return (
    <table className="kv-table" aria-label={label}>
      <tbody>
        {entries.map(([name, value]) => (
          <tr key={name}>
            <th scope="row" className="mono">
              {name}
            </th>
            <td className="mono">{value === '' ? <span className="muted">(empty)</span> : value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

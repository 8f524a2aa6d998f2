import type { JwtSignatureVerdict, JwtVerdict, JwtVerdictLevel, TrafficJwt } from '../../../server/traffic/traffic-entry';

const roleNames: Record<TrafficJwt['role'], string> = {
  access_token: 'Access token',
  id_token: 'ID token',
  client_assertion: 'Client assertion',
  id_token_hint: 'id_token_hint',
};

const signatureLabels: Record<JwtSignatureVerdict, { text: string; level: JwtVerdictLevel }> = {
  verified: { text: 'Signature verified', level: 'ok' },
  unknown_kid: { text: 'Unknown kid', level: 'error' },
  retired_kid: { text: 'Retired kid', level: 'error' },
  bad_signature: { text: 'Bad signature', level: 'error' },
  unsupported: { text: 'Not verified', level: 'warn' },
  not_checked: { text: 'Signature not checked', level: 'info' },
};

const levelWords: Record<JwtVerdictLevel, string> = { ok: 'ok', info: 'note', warn: 'warning', error: 'fails' };

const timeClaims = new Set(['exp', 'iat', 'nbf', 'auth_time']);

/** The JWTs an exchange carried, decoded when it was recorded: header and claims, each judged, and the signature. */
export function JwtPanel({ jwts }: { jwts: TrafficJwt[] }) {
  return (
    <details open className="detail-section">
      <summary>Tokens ({jwts.length === 1 ? '1 JWT' : `${jwts.length} JWTs`})</summary>
      <p className="muted small">
        Decoded when Handshake recorded the request; the signature part is not kept. Verdicts say what a verifier configured for this
        Handshake would decide.
      </p>
      {jwts.map((jwt, index) => (
        <JwtCard key={index} jwt={jwt} />
      ))}
    </details>
  );
}

function JwtCard({ jwt }: { jwt: TrafficJwt }) {
  const signature = signatureLabels[jwt.signature.verdict];
  const verdicts = new Map<string, JwtVerdict>(jwt.verdicts.map((verdict) => [verdict.name, verdict]));
  const title = `${roleNames[jwt.role]} — ${jwt.where}`;
  return (
    <section className="jwt-card" aria-label={title}>
      <h3 className="jwt-title">
        <span>{roleNames[jwt.role]}</span>
        <span className="muted small">{jwt.where}</span>
        <span className={`verdict-badge verdict-${signature.level}`}>{signature.text}</span>
      </h3>
      <p className="small jwt-signature">{jwt.signature.message}</p>
      <ClaimTable label={`${title}: header`} heading="Header" values={jwt.header} verdicts={verdicts} />
      <ClaimTable label={`${title}: claims`} heading="Claims" values={jwt.claims} verdicts={verdicts} />
    </section>
  );
}

function ClaimTable({
  label,
  heading,
  values,
  verdicts,
}: {
  label: string;
  heading: string;
  values: Record<string, unknown>;
  verdicts: Map<string, JwtVerdict>;
}) {
  const judged = [...verdicts.values()].filter((verdict) => !(verdict.name in values) && isClaimSide(heading, verdict.name));
  return (
    <table className="kv-table jwt-table" aria-label={label}>
      <thead>
        <tr>
          <th scope="col" className="jwt-name">
            {heading}
          </th>
          <th scope="col" className="jwt-value">
            Value
          </th>
          <th scope="col">Verdict</th>
        </tr>
      </thead>
      <tbody>
        {Object.entries(values).map(([name, value]) => (
          <ClaimRow key={name} name={name} value={value} verdict={verdicts.get(name)} />
        ))}
        {judged.map((verdict) => (
          <ClaimRow key={verdict.name} name={verdict.name} value={undefined} verdict={verdict} />
        ))}
      </tbody>
    </table>
  );
}

/** A verdict on something the token lacks (no exp, no aud) goes in the table it would have been in. */
function isClaimSide(heading: string, name: string): boolean {
  const headerParameter = name === 'alg' || name === 'kid' || name === 'typ';
  return heading === 'Header' ? headerParameter : !headerParameter;
}

function ClaimRow({ name, value, verdict }: { name: string; value: unknown; verdict: JwtVerdict | undefined }) {
  return (
    <tr>
      <th scope="row" className="mono">
        {name}
      </th>
      <td className="mono">{value === undefined ? <span className="muted">(absent)</span> : shown(name, value)}</td>
      <td>
        {verdict && (
          <span className="jwt-verdict">
            <span className={`verdict-badge verdict-${verdict.level}`}>{levelWords[verdict.level]}</span> {verdict.message}
          </span>
        )}
      </td>
    </tr>
  );
}

function shown(name: string, value: unknown): string {
  if (timeClaims.has(name) && typeof value === 'number') return `${value} (${new Date(value * 1000).toLocaleString()})`;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

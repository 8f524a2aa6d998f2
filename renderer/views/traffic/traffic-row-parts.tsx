import type { NoteLevel } from '../../../server/traffic/traffic-entry';

export function StatusBadge({ status }: { status: number }) {
  const klass = status >= 500 ? 's5' : status >= 400 ? 's4' : status >= 300 ? 's3' : 's2';
  return <span className={`status-badge ${klass}`}>{status}</span>;
}

export function MethodBadge({ method }: { method: string }) {
  const klass = method === 'GET' ? 'get' : method === 'POST' ? 'post' : 'other';
  return <span className={`method method-${klass}`}>{method}</span>;
}

export function NoteDot({ level }: { level: NoteLevel | null }) {
  if (!level) return null;
  return <span className={`note-dot note-${level}`} role="img" aria-label={`${level} note`} />;
}

export const clockTime = (iso: string) => {
  const d = new Date(iso);
  return d.toLocaleTimeString(undefined, { hour12: false }) + '.' + String(d.getMilliseconds()).padStart(3, '0');
};

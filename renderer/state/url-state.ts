/**
 * What the address bar keeps so a reload or a shared link opens the same place: the view, the traffic filters and
 * the selected entry, in the fragment (`#view=traffic&kind=token&entry=…`). The fragment never reaches a server,
 * works under app:// too, and is where the HTTP bridge takes its token from (it removes only that).
 */
export type UrlKey = 'view' | 'kind' | 'status' | 'host' | 'q' | 'entry' | 'flow' | 'collapse';

export function readUrl(key: UrlKey, win: Window = window): string | null {
  return new URLSearchParams(win.location.hash.replace(/^#/, '')).get(key);
}

/** Sets (or, with null or '', removes) keys without adding history entries. */
export function writeUrl(values: Partial<Record<UrlKey, string | null>>, win: Window = window): void {
  const fragment = new URLSearchParams(win.location.hash.replace(/^#/, ''));
  for (const [key, value] of Object.entries(values)) {
    if (value === null || value === undefined || value === '') fragment.delete(key);
    else fragment.set(key, value);
  }
  const text = fragment.toString();
  const next = win.location.pathname + win.location.search + (text ? `#${text}` : '');
  if (next !== win.location.pathname + win.location.search + win.location.hash) win.history.replaceState(win.history.state, '', next);
}

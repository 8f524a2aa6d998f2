/** Escapes text for HTML element content and double-quoted attributes. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Tagged template: every interpolation is escaped unless wrapped in `raw()`. */
export function html(strings: TemplateStringsArray, ...values: unknown[]): string {
  return strings.reduce((out, part, i) => {
    if (i === 0) return part;
    const value = values[i - 1];
    const text =
      value instanceof RawHtml
        ? value.value
        : Array.isArray(value)
          ? value.map((v) => (v instanceof RawHtml ? v.value : escapeHtml(String(v)))).join('')
          : escapeHtml(String(value ?? ''));
    return out + text + part;
  }, '');
}

export class RawHtml {
  constructor(readonly value: string) {}
}

export const raw = (value: string) => new RawHtml(value);

const styles = `
:root{color-scheme:light dark;--bg:#f6f7fb;--card:#fff;--text:#111827;--muted:#6b7280;--border:#e5e7eb;--accent:#4f46e5;--accent-text:#fff;--danger:#b91c1c;--danger-bg:#fef2f2}
@media (prefers-color-scheme:dark){:root{--bg:#0b0d12;--card:#151922;--text:#e5e7eb;--muted:#9ca3af;--border:#262b36;--accent:#818cf8;--accent-text:#0b0d12;--danger:#fca5a5;--danger-bg:#2a1215}}
*{box-sizing:border-box}body{margin:0;min-height:100vh;display:grid;place-items:center;background:var(--bg);color:var(--text);font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
main{width:min(420px,calc(100vw - 32px));background:var(--card);border:1px solid var(--border);border-radius:14px;padding:28px;box-shadow:0 10px 30px rgba(0,0,0,.06)}
h1{font-size:20px;margin:0 0 4px}p{margin:0 0 16px;color:var(--muted)}label{display:block;font-weight:600;margin:14px 0 6px}
input{width:100%;padding:10px 12px;border:1px solid var(--border);border-radius:8px;background:transparent;color:inherit;font:inherit}
input:focus,button:focus{outline:2px solid var(--accent);outline-offset:2px}
.actions{display:flex;gap:10px;margin-top:22px}button{flex:1;padding:10px 14px;border-radius:8px;border:1px solid var(--border);font:inherit;font-weight:600;cursor:pointer;background:transparent;color:inherit}
button.primary{background:var(--accent);border-color:var(--accent);color:var(--accent-text)}
.error{background:var(--danger-bg);color:var(--danger);border-radius:8px;padding:10px 12px;margin:12px 0}
.meta{font-size:13px;color:var(--muted);margin-top:18px;border-top:1px solid var(--border);padding-top:12px;word-break:break-all}
code{font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,monospace;word-break:break-all}dl{font-size:13px}dt{font-weight:600;margin-top:8px}dd{margin:2px 0 0}
.consent{border:1px solid var(--border);border-radius:10px;padding:12px 14px;margin:8px 0 4px}.consent h2{font-size:15px;margin:0 0 6px}.consent dl{margin:0}
.warning{color:var(--danger);font-size:13px;margin:8px 0 0}
.brand{display:flex;align-items:center;gap:8px;font-weight:700;color:var(--accent);margin-bottom:16px;font-size:13px;letter-spacing:.02em;text-transform:uppercase}`;

export function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>${escapeHtml(title)}</title><style>${styles}</style></head><body><main>${body}</main></body></html>`;
}

import { html, page, raw } from './html';

export interface ErrorPageDetails {
  title: string;
  problem: string;
  details?: [label: string, value: string][];
  hint?: string;
}

/** A browser-facing refusal: says what is wrong, never redirects. */
export function errorPage({ title, problem, details = [], hint }: ErrorPageDetails): string {
  return page(
    title,
    html`<div class="brand">Handshake</div><h1>${title}</h1><div class="error" role="alert">${problem}</div>
${details.length ? raw(html`<dl>${details.map(([label, value]) => raw(html`<dt>${label}</dt><dd><code>${value}</code></dd>`))}</dl>`) : ''}
${hint ? raw(html`<p class="meta">${hint}</p>`) : ''}`,
  );
}

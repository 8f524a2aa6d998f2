import { html, page, raw } from './html';

/** What a consent page names, for clients the developer did not create (MCP authorization spec, CIMD security). */
export interface ConsentDetails {
  clientName: string;
  /** The host serving a CIMD client's metadata document. */
  documentHost: string | null;
  scope: string;
  resources: string[];
  /** Every redirect URI is on this computer: an app on this machine, or someone pretending to be one. */
  loopbackOnly: boolean;
}

export interface LoginPageModel {
  appName: string;
  redirectHost: string;
  /** The authorize request, carried along as hidden fields. */
  request: Record<string, string>;
  csrf: string;
  /** Shown (with Allow/Deny wording) for clients that were not created by the developer. */
  consent?: ConsentDetails | null;
  email?: string;
  error?: string;
}

function consentBlock(consent: ConsentDetails, redirectHost: string): string {
  const rows: [string, string][] = [
    ['Application', consent.clientName],
    ...(consent.documentHost ? [['Identified by', consent.documentHost] as [string, string]] : []),
    ['Sends you back to', redirectHost],
    ['Access', consent.scope || 'the default access (no scope requested)'],
    ...(consent.resources.length ? [['For', consent.resources.join(', ')] as [string, string]] : []),
  ];
  return html`<section class="consent" aria-labelledby="consent-title"><h2 id="consent-title">${consent.clientName} wants access to your account</h2>
<dl>${rows.map(([label, value]) => raw(html`<dt>${label}</dt><dd>${value}</dd>`))}</dl>
${consent.loopbackOnly ? raw(html`<p class="warning">It sends you back to an address on this computer (${redirectHost}). Allow only if you started this sign-in from an app on this machine.</p>`) : ''}
</section>`;
}

/** The sign-in page at the authorization endpoint: plain HTML, works without JavaScript. */
export function loginPage(model: LoginPageModel): string {
  const hidden = Object.entries(model.request).map(([name, value]) => raw(html`<input type="hidden" name="${name}" value="${value}">`));
  const consent = model.consent ?? null;
  return page(
    `Sign in — ${model.appName}`,
    html`<div class="brand">Handshake</div>
<h1>Sign in to ${model.appName}</h1>
${consent ? raw(consentBlock(consent, model.redirectHost)) : raw(html`<p>ChatGPT wants to use ${model.appName} on your behalf.</p>`)}
${model.error ? raw(html`<div class="error" role="alert">${model.error}</div>`) : ''}
<form method="post" action="authorize" autocomplete="on">
${hidden}<input type="hidden" name="csrf" value="${model.csrf}">
<label for="email">Email</label><input id="email" name="email" type="email" autocomplete="username" required value="${model.email ?? ''}" ${model.email ? '' : raw('autofocus')}>
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required ${model.email ? raw('autofocus') : ''}>
<div class="actions"><button type="submit" name="decision" value="deny" formnovalidate>Deny</button><button class="primary" type="submit" name="decision" value="allow">${consent ? 'Sign in and allow' : 'Sign in'}</button></div>
</form>
<p class="meta">After signing in you return to <strong>${model.redirectHost}</strong>.</p>`,
  );
}

import { html, page, raw } from './html';

export interface LoginPageModel {
  appName: string;
  redirectHost: string;
  /** The authorize request, carried along as hidden fields. */
  request: Record<string, string>;
  csrf: string;
  email?: string;
  error?: string;
}

/** The sign-in page at client_url: plain HTML, works without JavaScript. */
export function loginPage(model: LoginPageModel): string {
  const hidden = Object.entries(model.request).map(([name, value]) => raw(html`<input type="hidden" name="${name}" value="${value}">`));
  return page(
    `Sign in — ${model.appName}`,
    html`<div class="brand">Handshake</div>
<h1>Sign in to ${model.appName}</h1>
<p>ChatGPT wants to use ${model.appName} on your behalf.</p>
${model.error ? raw(html`<div class="error" role="alert">${model.error}</div>`) : ''}
<form method="post" action="authorize" autocomplete="on">
${hidden}<input type="hidden" name="csrf" value="${model.csrf}">
<label for="email">Email</label><input id="email" name="email" type="email" autocomplete="username" required value="${model.email ?? ''}" ${model.email ? '' : raw('autofocus')}>
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required ${model.email ? raw('autofocus') : ''}>
<div class="actions"><button type="submit" name="decision" value="deny" formnovalidate>Deny</button><button class="primary" type="submit" name="decision" value="allow">Sign in</button></div>
</form>
<p class="meta">After signing in you return to <strong>${model.redirectHost}</strong>.</p>`,
  );
}

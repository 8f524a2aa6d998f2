/** The sign-in form an authorize page served: its hidden fields and the CSRF cookie that goes with it. */
export interface LoginForm {
  fields: Record<string, string>;
  cookie: string;
}

const entities: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
const unescapeHtml = (text: string) => text.replace(/&(?:amp|lt|gt|quot|#39);/g, (entity) => entities[entity]);

/** Reads the hidden fields of a sign-in page and the cookies it set, as a browser would carry them to the form POST. */
export function readLoginForm(html: string, setCookie: readonly string[]): LoginForm {
  const fields: Record<string, string> = {};
  for (const match of html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)) {
    fields[unescapeHtml(match[1])] = unescapeHtml(match[2]);
  }
  const cookie = setCookie.map((line) => line.split(';')[0]).join('; ');
  return { fields, cookie };
}

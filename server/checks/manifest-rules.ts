import { manifestLimits } from '../settings/settings';

export interface Finding {
  level: 'fail' | 'warn';
  message: string;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown) => (typeof value === 'string' ? value : '');

/** The host's root domain, approximated as its last two labels (an IP or a one-label host is its own root). */
export function rootDomain(host: string): string {
  const name = host.replace(/:\d+$/, '').toLowerCase();
  if (/^[\d.]+$/.test(name) || name.startsWith('[') || !name.includes('.')) return name;
  return name.split('.').slice(-2).join('.');
}

export function onDomain(url: string, root: string): boolean {
  if (!URL.canParse(url)) return false;
  const host = new URL(url).hostname.toLowerCase();
  return host === root || host.endsWith(`.${root}`);
}

/**
 * What ChatGPT would refuse in an ai-plugin.json it fetched from `manifestUrl` (shared/reference/chatgpt-oauth.md §1):
 * fields and their limits, absolute https URLs, `api.url` and the OAuth URLs on the manifest's root domain. A plain
 * http origin is only a warning, so the check can run against a local URL.
 */
export function manifestFindings(manifest: unknown, manifestUrl: string): Finding[] {
  const findings: Finding[] = [];
  const fail = (message: string) => findings.push({ level: 'fail', message });
  if (!isRecord(manifest)) return [{ level: 'fail', message: 'The manifest is not a JSON object.' }];
  if (manifest.schema_version !== 'v1') fail(`schema_version is ${JSON.stringify(manifest.schema_version)}; ChatGPT expects "v1".`);
  const limited = (field: keyof typeof manifestLimits) => {
    const value = manifest[field];
    if (typeof value !== 'string' || value.trim() === '') fail(`${field} is missing.`);
    else if (value.length > manifestLimits[field]) fail(`${field} has ${value.length} characters; the limit is ${manifestLimits[field]}.`);
  };
  limited('name_for_human');
  limited('name_for_model');
  if (typeof manifest.name_for_model === 'string' && !/^[A-Za-z0-9_]*$/.test(manifest.name_for_model))
    fail('name_for_model may hold only letters, digits and underscores (no spaces).');
  limited('description_for_human');
  limited('description_for_model');
  for (const field of ['logo_url', 'contact_email', 'legal_info_url'])
    if (!text(manifest[field])) fail(`${field} is missing; ChatGPT requires it.`);

  const root = rootDomain(new URL(manifestUrl).host);
  const origin = new URL(manifestUrl).origin;
  const local = new URL(manifestUrl).protocol === 'http:';
  if (local) {
    findings.push({
      level: 'warn',
      message: `The manifest is served over http (${origin}): ChatGPT only fetches https on port 443. Fine for a local check; start the tunnel or set a public URL for ChatGPT.`,
    });
  }
  const url = (path: string, value: unknown, sameDomain: boolean) => {
    const link = text(value);
    if (!link) return fail(`${path} is missing.`);
    if (!/^https?:\/\//i.test(link) || !URL.canParse(link)) return fail(`${path} "${link}" is not an absolute URL.`);
    // On a local check the http origin was named once above.
    if (!link.startsWith('https://') && !(local && new URL(link).origin === origin)) {
      findings.push({ level: local ? 'warn' : 'fail', message: `${path} is not https (${link}): ChatGPT only calls https URLs.` });
    }
    if (sameDomain && !onDomain(link, root)) fail(`${path} (${link}) is not on the manifest's domain ${root} or a subdomain of it.`);
  };

  const api = manifest.api;
  if (!isRecord(api)) fail('api is missing.');
  else {
    if (api.type !== 'openapi') fail(`api.type is ${JSON.stringify(api.type)}; ChatGPT expects "openapi".`);
    url('api.url', api.url, true);
  }
  const auth = manifest.auth;
  if (!isRecord(auth)) fail('auth is missing; use {"type":"none"} when there is no sign-in.');
  else if (auth.type !== 'oauth')
    fail(`auth.type is ${JSON.stringify(auth.type)}: this check plays ChatGPT's OAuth install, which needs "oauth".`);
  else {
    url('auth.client_url (the authorize endpoint)', auth.client_url, true);
    url('auth.authorization_url (the token endpoint)', auth.authorization_url, true);
    const contentType = auth.authorization_content_type;
    if (contentType !== 'application/json' && contentType !== 'application/x-www-form-urlencoded') {
      fail(
        `auth.authorization_content_type is ${JSON.stringify(contentType)}; ChatGPT sends application/json or application/x-www-form-urlencoded.`,
      );
    }
    if (typeof auth.scope !== 'string')
      findings.push({ level: 'warn', message: 'auth.scope is missing; ChatGPT sends scope= (possibly empty) either way.' });
    if (!isRecord(auth.verification_tokens) || typeof auth.verification_tokens.openai !== 'string')
      fail('auth.verification_tokens.openai is missing: ChatGPT checks it at "Verify tokens".');
  }
  return findings;
}

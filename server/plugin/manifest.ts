import type { Settings } from '../settings/settings';

export const manifestPath = '/.well-known/ai-plugin.json';
export const openApiPath = '/openapi.yaml';
export const logoPath = '/logo.png';
export const legalPath = '/legal';
export const authorizePath = '/oauth/authorize';
export const tokenPath = '/oauth/token';

/** ai-plugin.json for the current settings, every URL absolute on the public base URL. */
export function buildManifest(settings: Settings, baseUrl: string): Record<string, unknown> {
  const m = settings.manifest;
  return {
    schema_version: 'v1',
    name_for_human: m.name_for_human,
    name_for_model: m.name_for_model,
    description_for_human: m.description_for_human,
    description_for_model: m.description_for_model,
    auth: {
      type: 'oauth',
      client_url: baseUrl + authorizePath,
      authorization_url: baseUrl + tokenPath,
      scope: settings.scope,
      authorization_content_type: settings.authorizationContentType,
      verification_tokens: { openai: settings.verificationToken },
    },
    api: { type: 'openapi', url: baseUrl + openApiPath, has_user_authentication: true },
    logo_url: m.logo_url || baseUrl + logoPath,
    contact_email: m.contact_email,
    legal_info_url: m.legal_info_url || baseUrl + legalPath,
  };
}

/** Values people leave in from templates instead of the token ChatGPT shows. */
export function isPlaceholderToken(token: string): boolean {
  return /^(x+|0+|placeholder|todo|token|your[-_ ]?token.*|<.*>|\{.*\}|replace.*|changeme|verification[-_ ]?token|paste.*)$/i.test(
    token.trim(),
  );
}

/** What ChatGPT would refuse or trip over, field by field. */
export function lintManifest(settings: Settings, baseUrl: string, clientSecret: string): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  const token = settings.verificationToken;
  if (!token)
    problems.push({
      field: 'verificationToken',
      message:
        'No verification token yet: ChatGPT shows it after you enter the client ID and secret; paste it here before "Verify tokens".',
    });
  else if (isPlaceholderToken(token))
    problems.push({ field: 'verificationToken', message: `"${token}" looks like a placeholder, not the token ChatGPT showed.` });
  if (token && token === clientSecret)
    problems.push({
      field: 'verificationToken',
      message: 'The verification token equals the client secret: one was pasted in place of the other.',
    });
  if (!baseUrl.startsWith('https://'))
    problems.push({
      field: 'publicUrl',
      message: `The manifest's URLs start with ${baseUrl}: ChatGPT needs a public https domain. Start the tunnel or set a public URL.`,
    });
  for (const field of ['logo_url', 'legal_info_url'] as const) {
    const value = settings.manifest[field];
    if (value && !value.startsWith('https://')) problems.push({ field: `manifest.${field}`, message: `${field} should be an https URL.` });
  }
  return problems;
}

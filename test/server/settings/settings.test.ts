import { describe, expect, it } from 'vitest';
import { defaultSettings, mergeSettings, settingsPatchSchema } from '../../../server/settings/settings';

describe('settings', () => {
  it('defaults pass their own schema', () => {
    expect(mergeSettings(defaultSettings, {})).toEqual(defaultSettings);
  });

  it.each([
    [{ manifest: { name_for_human: 'x'.repeat(21) } }, 'manifest.name_for_human'],
    [{ manifest: { name_for_model: 'has spaces' } }, 'manifest.name_for_model'],
    [{ manifest: { description_for_human: 'x'.repeat(101) } }, 'manifest.description_for_human'],
    [{ manifest: { contact_email: 'nobody' } }, 'manifest.contact_email'],
    [{ manifest: { logo_url: '/relative.png' } }, 'manifest.logo_url'],
    [{ publicUrl: 'ftp://example.com' }, 'publicUrl'],
    [{ redirectUris: ['not a url'] }, 'redirectUris.0'],
    [{ accessTokenTtl: 0 }, 'accessTokenTtl'],
    [{ trafficRingSize: 200_001 }, 'trafficRingSize'],
    [{ upstreamSpecPath: 'openapi.yaml' }, 'upstreamSpecPath'],
    [{ colour: 'blue' }, ''],
  ])('refuses %j naming the field', (patch, field) => {
    const result = settingsPatchSchema.safeParse(patch);
    expect(result.success).toBe(false);
    expect(result.error!.issues[0].path.join('.')).toBe(field);
  });

  it('merges manifest fields one by one and leaves the rest alone', () => {
    const merged = mergeSettings(defaultSettings, settingsPatchSchema.parse({ manifest: { name_for_human: 'Todo' }, accessTokenTtl: 59 }));
    expect(merged.manifest).toEqual({ ...defaultSettings.manifest, name_for_human: 'Todo' });
    expect(merged.accessTokenTtl).toBe(59);
    expect(merged.scope).toBe(defaultSettings.scope);
  });
});

import type { ManifestFields, manifestLimits } from '../../../server/settings/settings';

/**
 * ChatGPT's limits, mirrored from `manifestLimits` so zod stays out of the bundle. The type is the original's
 * literal type, so a limit changed on one side only is a compile error.
 */
export const limits: typeof manifestLimits = {
  name_for_human: 20,
  name_for_model: 50,
  description_for_human: 100,
  description_for_model: 8000,
};

export type ManifestField = keyof ManifestFields;

const absoluteUrl = (value: string) => /^https?:\/\//i.test(value) && URL.canParse(value);

/** The same rules as manifestSchema, checked as the developer types; null when the value is fine. */
export function manifestFieldError(field: ManifestField, raw: string): string | null {
  const value = raw.trim();
  switch (field) {
    case 'name_for_human':
    case 'name_for_model':
    case 'description_for_human':
    case 'description_for_model': {
      if (!value) return 'Required.';
      if (value.length > limits[field]) return `ChatGPT allows at most ${limits[field]} characters (${value.length - limits[field]} over).`;
      if (field === 'name_for_model' && !/^[A-Za-z0-9_]+$/.test(value)) return 'Letters, digits and underscores only — no spaces.';
      return null;
    }
    case 'logo_url':
    case 'legal_info_url':
      return value === '' || absoluteUrl(value) ? null : 'Must be an absolute http(s) URL, or empty to use Handshake’s own.';
    case 'contact_email':
      return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value) ? null : 'Must be an email address.';
  }
}

export function manifestErrors(manifest: ManifestFields): Partial<Record<ManifestField, string>> {
  const errors: Partial<Record<ManifestField, string>> = {};
  for (const field of Object.keys(manifest) as ManifestField[]) {
    const error = manifestFieldError(field, manifest[field]);
    if (error) errors[field] = error;
  }
  return errors;
}

import { type FormEvent, useEffect, useState } from 'react';
import type { ManifestFields, Settings } from '../../../server/settings/settings';
import { useControl } from '../../state/control-context';
import { useSettings } from '../../state/shared-resources';
import { Card } from '../../ui/card';
import { ErrorMessage } from '../../ui/error-message';
import { useAction } from '../../ui/use-action';
import { limits, type ManifestField, manifestErrors } from './manifest-rules';

const fields: { field: ManifestField; label: string; multiline?: boolean; hint?: string }[] = [
  { field: 'name_for_human', label: 'Name for humans' },
  { field: 'name_for_model', label: 'Name for the model', hint: 'Letters, digits, underscores.' },
  { field: 'description_for_human', label: 'Description for humans', multiline: true },
  {
    field: 'description_for_model',
    label: 'Description for the model',
    multiline: true,
    hint: 'Tell the model when and how to use the plugin.',
  },
  { field: 'contact_email', label: 'Contact email' },
  { field: 'logo_url', label: 'Logo URL', hint: 'Empty serves Handshake’s logo from your public URL.' },
  { field: 'legal_info_url', label: 'Legal info URL', hint: 'Empty serves a placeholder legal page.' },
];

/** ai-plugin.json's descriptive fields with ChatGPT's limits as live counters; saving is refused while any is wrong. */
export function ManifestSection({ onUnsavedChange }: { onUnsavedChange?: (unsaved: Partial<ManifestFields>) => void }) {
  const { api } = useControl();
  const settings = useSettings();
  const saved = settings.data?.manifest;
  const [draft, setDraft] = useState<ManifestFields | null>(saved ?? null);
  useEffect(() => {
    if (saved) setDraft(saved);
  }, [saved]);

  useEffect(() => {
    if (!draft || !saved || !onUnsavedChange) return;
    const unsaved: Partial<ManifestFields> = {};
    for (const field of Object.keys(draft) as ManifestField[]) if (draft[field] !== saved[field]) unsaved[field] = draft[field];
    onUnsavedChange(unsaved);
  }, [draft, saved, onUnsavedChange]);

  const save = useAction(async (manifest: ManifestFields) => {
    const next: Settings = await api.updateSettings({ manifest });
    settings.set(next);
  });

  if (!draft || !saved) return <Card title="Manifest" description="Loading…" />;
  const errors = manifestErrors(draft);
  const invalid = Object.keys(errors).length > 0;
  const dirty = (Object.keys(draft) as ManifestField[]).some((f) => draft[f] !== saved[f]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!invalid) void save.run(draft);
  };

  return (
    <Card id="manifest" title="Manifest" description="What ChatGPT shows in the plugin store and tells the model.">
      <form onSubmit={submit} className="form-grid" noValidate>
        {fields.map(({ field, label, multiline, hint }) => {
          const limit = field in limits ? limits[field as keyof typeof limits] : null;
          const value = draft[field];
          const error = errors[field] ?? (save.error?.field === `manifest.${field}` ? save.error.message : undefined);
          const id = `manifest-${field}`;
          const describedBy = [hint && `${id}-hint`, error && `${id}-error`, limit && `${id}-count`].filter(Boolean).join(' ') || undefined;
          const common = {
            id,
            value,
            'aria-invalid': error ? true : undefined,
            'aria-describedby': describedBy,
            onChange: (e: { target: { value: string } }) => {
              setDraft({ ...draft, [field]: e.target.value });
              save.clearError();
            },
          };
          return (
            <div className={`field${multiline ? ' wide' : ''}`} key={field}>
              <div className="field-label-row">
                <label className="field-label" htmlFor={id}>
                  {label} <code className="muted small">{field}</code>
                </label>
                {limit !== null && (
                  <span
                    id={`${id}-count`}
                    className={`counter${value.trim().length > limit ? ' over' : ''}`}
                    aria-label={`${value.trim().length} of ${limit} characters`}
                  >
                    {value.trim().length}/{limit}
                  </span>
                )}
              </div>
              {multiline ? <textarea rows={field === 'description_for_model' ? 5 : 2} {...common} /> : <input {...common} />}
              {hint && !error && (
                <span className="field-hint" id={`${id}-hint`}>
                  {hint}
                </span>
              )}
              {error && (
                <span className="field-error" id={`${id}-error`}>
                  {error}
                </span>
              )}
            </div>
          );
        })}
        <div className="form-actions wide">
          <button type="submit" className="button primary" disabled={invalid || !dirty || save.busy}>
            {save.busy ? 'Saving…' : 'Save manifest'}
          </button>
          {dirty && (
            <button type="button" className="button ghost" onClick={() => setDraft(saved)}>
              Discard changes
            </button>
          )}
          {invalid && <span className="field-error">Fix the marked fields to save.</span>}
          <ErrorMessage error={save.error} />
        </div>
      </form>
    </Card>
  );
}

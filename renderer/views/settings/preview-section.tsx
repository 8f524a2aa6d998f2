import { useState } from 'react';
import type { ManifestFields } from '../../../server/settings/settings';
import { usePreview } from '../../state/use-preview';
import { Card } from '../../ui/card';
import { CopyButton } from '../../ui/copy-button';
import { ErrorMessage } from '../../ui/error-message';
import { Notice } from '../../ui/notice';
import { TabList } from '../../ui/tab-list';

/** ai-plugin.json and the OpenAPI spec exactly as served, rebuilt on every settings change. */
export function PreviewSection({ unsaved = {} }: { unsaved?: Partial<ManifestFields> }) {
  const preview = usePreview();
  const [tab, setTab] = useState<'manifest' | 'openapi'>('manifest');
  // Typed-but-unsaved fields are shown in place; an emptied URL field is left as served (the server fills its own).
  const overlay = Object.fromEntries(Object.entries(unsaved).filter(([field, value]) => value !== '' || !field.endsWith('_url')));
  const showsUnsaved = Object.keys(overlay).length > 0;
  const manifest = preview.data ? { ...preview.data.manifest, ...overlay } : null;
  const text = preview.data ? (tab === 'manifest' ? JSON.stringify(manifest, null, 2) : preview.data.openapi) : '';
  const tabs = [
    { id: 'manifest', label: 'ai-plugin.json' },
    { id: 'openapi', label: 'OpenAPI' },
  ] as const;
  return (
    <Card
      id="preview"
      title="Live preview"
      description={preview.data ? `As served for ${preview.data.baseUrl}` : 'Loading…'}
      actions={
        text ? <CopyButton value={text} label={`Copy ${tab === 'manifest' ? 'ai-plugin.json' : 'OpenAPI spec'}`} compact /> : undefined
      }
    >
      <ErrorMessage error={preview.error} prefix="Preview failed" />
      {preview.data && preview.data.lint.length === 0 && <Notice level="ok" title="ChatGPT would accept this manifest" />}
      {preview.data && preview.data.lint.length > 0 && (
        <Notice level="warn" title="ChatGPT would reject this manifest">
          <ul className="plain-list">
            {preview.data.lint.map((item) => (
              <li key={item.field + item.message}>
                <code>{item.field}</code>: {item.message}
              </li>
            ))}
          </ul>
        </Notice>
      )}
      <TabList
        tabs={tabs}
        selected={tab}
        onSelect={setTab}
        label="Preview document"
        idPrefix="preview"
        panelId="preview-panel"
        before={
          showsUnsaved && tab === 'manifest' ? <span className="pill pill-connecting tabs-note">Includes unsaved changes</span> : undefined
        }
      />
      <pre className="code preview-code" id="preview-panel" role="tabpanel" aria-labelledby={`preview-tab-${tab}`} tabIndex={0}>
        {text || (preview.loading ? 'Loading…' : '')}
      </pre>
    </Card>
  );
}

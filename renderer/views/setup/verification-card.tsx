import { type FormEvent, useEffect, useState } from 'react';
import { useControl } from '../../state/control-context';
import { useSettings } from '../../state/shared-resources';
import { usePreview } from '../../state/use-preview';
import { Card } from '../../ui/card';
import { ErrorMessage } from '../../ui/error-message';
import { Notice } from '../../ui/notice';
import { useAction } from '../../ui/use-action';

/** Step 3: ChatGPT shows a verification token; it goes into ai-plugin.json, and the preview shows it there. */
export function VerificationCard() {
  const { api } = useControl();
  const settings = useSettings();
  const preview = usePreview();
  const saved = settings.data?.verificationToken ?? '';
  const [draft, setDraft] = useState(saved);
  useEffect(() => setDraft(saved), [saved]);

  const save = useAction(async (token: string) => {
    settings.set(await api.updateSettings({ verificationToken: token }));
    preview.reload();
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void save.run(draft.trim());
  };

  const served = (preview.data?.manifest as { auth?: Record<string, unknown> } | undefined)?.auth;
  const unsaved = draft.trim() !== saved;
  // While typing, show where the token will land; saving makes it what ChatGPT actually gets.
  const auth = served && unsaved ? { ...served, verification_tokens: { openai: draft.trim() } } : served;
  const lint = preview.data?.lint ?? [];

  return (
    <Card
      id="verification"
      title="4. Verification token"
      description="After Next, ChatGPT shows a verification token. Paste it here; it goes into ai-plugin.json. Then click “Verify tokens” in ChatGPT."
    >
      <form className="inline-form" onSubmit={submit}>
        <label className="field grow">
          <span className="field-label">Verification token from ChatGPT</span>
          <input
            className="mono"
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            placeholder="e.g. 4a1c0f…"
            autoComplete="off"
            spellCheck={false}
            aria-invalid={save.error ? true : undefined}
          />
        </label>
        <button type="submit" className="button primary" disabled={save.busy || draft.trim() === saved}>
          {save.busy ? 'Saving…' : 'Save to manifest'}
        </button>
      </form>
      <ErrorMessage error={save.error} />
      {lint.length > 0 && (
        <Notice level="warn" title="ChatGPT would reject this manifest">
          <ul className="plain-list">
            {lint.map((item) => (
              <li key={item.field + item.message}>
                <code>{item.field}</code>: {item.message}
              </li>
            ))}
          </ul>
        </Notice>
      )}
      <div className="preview-block">
        <div className="preview-caption">
          <span>ai-plugin.json → auth</span>
          {unsaved ? (
            <span className="pill pill-connecting">not saved yet</span>
          ) : (
            preview.data && <span className="muted small">as served at {preview.data.baseUrl}</span>
          )}
        </div>
        <ErrorMessage error={preview.error} prefix="Preview failed" />
        <pre className="code" aria-label="Manifest auth preview">
          {auth === undefined ? (preview.loading ? 'Loading…' : '—') : JSON.stringify(auth, null, 2)}
        </pre>
      </div>
    </Card>
  );
}

import { useEffect, useState } from 'react';
import { Icon } from './icons';

/** Copies `value`; says "Copied" for a moment. Falls back to a selection-based copy where the Clipboard API is absent. */
export function CopyButton({
  value,
  label,
  compact,
  text: idleText = 'Copy',
}: {
  value: string;
  label: string;
  compact?: boolean;
  text?: string;
}) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const timer = setTimeout(() => setState('idle'), 1500);
    return () => clearTimeout(timer);
  }, [state]);

  async function copy() {
    try {
      await copyText(value);
      setState('copied');
    } catch {
      setState('failed');
    }
  }

  const text = state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : idleText;
  return (
    <button type="button" className={`button ${compact ? 'icon-button' : 'secondary'}`} onClick={copy} aria-label={label} title={label}>
      <Icon name={state === 'copied' ? 'check' : 'copy'} />
      {!compact && <span aria-live="polite">{text}</span>}
      {compact && state !== 'idle' && (
        <span className="visually-hidden" aria-live="polite">
          {text}
        </span>
      )}
    </button>
  );
}

async function copyText(value: string): Promise<void> {
  if (navigator.clipboard?.writeText) {
    try {
      await navigator.clipboard.writeText(value);
      return;
    } catch {
      // Denied (e.g. not a secure context): fall back below.
    }
  }
  const area = document.createElement('textarea');
  area.value = value;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.appendChild(area);
  area.select();
  const ok = document.execCommand?.('copy') ?? false;
  area.remove();
  if (!ok) throw new Error('copy failed');
}

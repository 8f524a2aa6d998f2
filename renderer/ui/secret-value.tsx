import { useState } from 'react';
import { CopyButton } from './copy-button';
import { Icon } from './icons';

/** A secret shown masked, with reveal and copy. */
export function SecretValue({ value, label }: { value: string; label: string }) {
  const [revealed, setRevealed] = useState(false);
  return (
    <div className="value-row">
      <code className="value mono" aria-label={label}>
        {revealed ? value : '•'.repeat(Math.min(value.length, 24)) + value.slice(-4)}
      </code>
      <button
        type="button"
        className="button icon-button"
        onClick={() => setRevealed((r) => !r)}
        aria-pressed={revealed}
        aria-label={revealed ? `Hide ${label}` : `Reveal ${label}`}
        title={revealed ? `Hide ${label}` : `Reveal ${label}`}
      >
        <Icon name={revealed ? 'eyeOff' : 'eye'} />
      </button>
      <CopyButton value={value} label={`Copy ${label}`} compact />
    </div>
  );
}

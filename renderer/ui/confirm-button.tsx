import { type ReactNode, useEffect, useRef, useState } from 'react';

/** A destructive action that asks once more, inline: first click arms it, the second confirms, Escape cancels. */
export function ConfirmButton({
  onConfirm,
  children,
  confirmText,
  label,
  disabled,
}: {
  onConfirm: () => void;
  children: ReactNode;
  confirmText: string;
  label: string;
  disabled?: boolean;
}) {
  const [armed, setArmed] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (armed) confirmRef.current?.focus();
  }, [armed]);

  if (!armed) {
    return (
      <button type="button" className="button danger-ghost" onClick={() => setArmed(true)} aria-label={label} disabled={disabled}>
        {children}
      </button>
    );
  }
  return (
    <span className="confirm" role="group" aria-label={`Confirm: ${label}`} onKeyDown={(e) => e.key === 'Escape' && setArmed(false)}>
      <button
        ref={confirmRef}
        type="button"
        className="button danger"
        onClick={() => {
          setArmed(false);
          onConfirm();
        }}
      >
        {confirmText}
      </button>
      <button type="button" className="button secondary" onClick={() => setArmed(false)}>
        Cancel
      </button>
    </span>
  );
}

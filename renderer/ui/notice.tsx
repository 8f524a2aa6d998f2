import type { ReactNode } from 'react';
import { Icon } from './icons';

/** An inline message box: info, warn or error. */
export function Notice({ level, title, children }: { level: 'info' | 'warn' | 'error' | 'ok'; title?: ReactNode; children?: ReactNode }) {
  const icon = level === 'ok' ? 'check' : level === 'info' ? 'info' : 'alert';
  return (
    <div className={`notice notice-${level}`} role={level === 'error' ? 'alert' : 'note'}>
      <Icon name={icon} className="notice-icon" />
      <div>
        {title && <div className="notice-title">{title}</div>}
        {children && <div className="notice-body">{children}</div>}
      </div>
    </div>
  );
}

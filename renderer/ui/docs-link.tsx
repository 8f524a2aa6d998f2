import type { ReactNode } from 'react';
import { Icon } from './icons';

/** The reference pages live in docs/ in the repository; the dashboard links to the section that helps. */
const docsBase = 'https://github.com/handshake-dev/handshake/blob/main/docs/';

export const docsUrl = (page: string, section?: string) => `${docsBase}${page}${section ? `#${section}` : ''}`;

export function DocsLink({ page, section, children }: { page: string; section?: string; children: ReactNode }) {
  return (
    <a href={docsUrl(page, section)} target="_blank" rel="noreferrer" className="external-link">
      {children}
      <Icon name="external" size={12} />
      <span className="visually-hidden"> (opens in a new window)</span>
    </a>
  );
}

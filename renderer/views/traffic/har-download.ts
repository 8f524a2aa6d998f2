import type { Har } from '../../../server/traffic/har';

/** Saves the HAR as a file through a temporary object URL. */
export function downloadHar(har: Har, now = new Date()): string {
  const name = `handshake-${now.toISOString().replace(/[:.]/g, '-').slice(0, 19)}.har`;
  const url = URL.createObjectURL(new Blob([JSON.stringify(har, null, 2)], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return name;
}

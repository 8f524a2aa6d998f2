import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { buildMenuTemplate, type MenuActions } from '../../electron/app-menu';

const actions = (overrides: Partial<MenuActions> = {}): MenuActions => ({
  getStatus: vi.fn(),
  copy: vi.fn(),
  tell: vi.fn(),
  openFolder: vi.fn(),
  logsFolder: (dir) => `${dir}/traffic`,
  showAbout: vi.fn(),
  isPackaged: false,
  platform: 'linux',
  ...overrides,
});

const flatten = (items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] =>
  items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? flatten(item.submenu) : [])]);
const labels = (items: MenuItemConstructorOptions[]) => flatten(items).map((item) => item.label ?? item.role);

describe('application menu', () => {
  it('offers the conveniences on every platform', () => {
    for (const platform of ['linux', 'win32', 'darwin'] as const) {
      const all = labels(buildMenuTemplate(actions({ platform })));
      for (const label of [
        'Copy Public URL',
        'Copy Manifest URL',
        'Open Data Folder',
        'Reveal Traffic Logs',
        'About Handshake',
        'quit',
        'editMenu',
      ]) {
        expect(all, `${platform}: ${label}`).toContain(label);
      }
    }
  });

  it('puts About and the conveniences in the app menu on macOS', () => {
    const [appMenu] = buildMenuTemplate(actions({ platform: 'darwin' }));
    expect(appMenu.label).toBe('Handshake');
    expect(labels(appMenu.submenu as MenuItemConstructorOptions[])).toEqual(
      expect.arrayContaining(['About Handshake', 'Copy Public URL', 'quit']),
    );
  });

  it('offers developer tools only in development', () => {
    expect(labels(buildMenuTemplate(actions({ isPackaged: false })))).toContain('toggleDevTools');
    expect(labels(buildMenuTemplate(actions({ isPackaged: true })))).not.toContain('toggleDevTools');
  });

  it('says so when the status cannot be read', async () => {
    const tell = vi.fn();
    const template = buildMenuTemplate(actions({ getStatus: () => Promise.reject(new Error('core stopped')), tell }));
    flatten(template).find((item) => item.label === 'Copy Manifest URL')!.click!({} as never, undefined, {} as never);
    await vi.waitFor(() => expect(tell).toHaveBeenCalledWith('Handshake is not ready', 'Error: core stopped'));
  });
});

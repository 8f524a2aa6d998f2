import type { MenuItemConstructorOptions } from 'electron';
import type { Status } from '../server/control/control-api';

export interface MenuActions {
  getStatus(): Promise<Status>;
  copy(text: string): void;
  /** Shows a short note (e.g. "no public URL yet"). */
  tell(message: string, detail: string): void;
  openFolder(folder: string): void;
  /** <dataDir>/traffic, where the traffic history (NDJSON) lives. */
  logsFolder(dataDir: string): string;
  showAbout(): void;
  isPackaged: boolean;
  platform: NodeJS.Platform;
}

/** The application menu: the conveniences (copy URLs, folders, about) plus the standard edit/view/window roles. */
export function buildMenuTemplate(actions: MenuActions): MenuItemConstructorOptions[] {
  const withStatus = (use: (status: Status) => void) => () => {
    actions.getStatus().then(use, (error: unknown) => actions.tell('Handshake is not ready', String(error)));
  };

  const handshakeItems: MenuItemConstructorOptions[] = [
    {
      label: 'Copy Public URL',
      accelerator: 'CmdOrCtrl+Shift+C',
      click: withStatus((status) => {
        if (status.publicUrl) actions.copy(status.publicUrl);
        else actions.tell('No public URL yet', 'Start the ngrok tunnel, or set a public URL in Settings, first.');
      }),
    },
    { label: 'Copy Manifest URL', click: withStatus((status) => actions.copy(status.manifestUrl)) },
    { type: 'separator' },
    { label: 'Open Data Folder', click: withStatus((status) => actions.openFolder(status.dataDir)) },
    { label: 'Reveal Traffic Logs', click: withStatus((status) => actions.openFolder(actions.logsFolder(status.dataDir))) },
  ];

  const about: MenuItemConstructorOptions = { label: 'About Handshake', click: () => actions.showAbout() };
  const mac = actions.platform === 'darwin';

  const template: MenuItemConstructorOptions[] = [];
  if (mac) {
    template.push({
      label: 'Handshake',
      submenu: [
        about,
        { type: 'separator' },
        ...handshakeItems,
        { type: 'separator' },
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        { type: 'separator' },
        { role: 'quit' },
      ],
    });
  } else {
    template.push({ label: '&File', submenu: [...handshakeItems, { type: 'separator' }, { role: 'quit' }] });
  }
  template.push({ role: 'editMenu' });
  template.push({
    label: '&View',
    submenu: [
      { role: 'reload' },
      ...(actions.isPackaged ? [] : ([{ role: 'toggleDevTools' }] as MenuItemConstructorOptions[])),
      { type: 'separator' },
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  });
  template.push({ role: 'windowMenu' });
  if (!mac) template.push({ label: '&Help', submenu: [about] });
  return template;
}

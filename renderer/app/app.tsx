import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Bridge } from '../bridge/bridge';
import { ControlProvider, useControl } from '../state/control-context';
import { type Navigation, NavigationContext, type ViewName, views } from '../state/navigation';
import { SharedResourcesProvider, useStatus } from '../state/shared-resources';
import { readUrl, writeUrl } from '../state/url-state';
import { useMediaQuery } from '../state/use-media-query';
import { useTraffic } from '../state/use-traffic';
import { Icon, type IconName } from '../ui/icons';
import { Notice } from '../ui/notice';
import { ClientsView } from '../views/clients/clients-view';
import { SettingsView } from '../views/settings/settings-view';
import { SetupView } from '../views/setup/setup-view';
import { isFailed } from '../views/traffic/failed-request';
import { TrafficView } from '../views/traffic/traffic-view';
import { UsersView } from '../views/users/users-view';

const nav: { view: ViewName; label: string; icon: IconName }[] = [
  { view: 'setup', label: 'Setup', icon: 'setup' },
  { view: 'clients', label: 'Clients', icon: 'key' },
  { view: 'users', label: 'Users', icon: 'users' },
  { view: 'traffic', label: 'Traffic', icon: 'traffic' },
  { view: 'settings', label: 'Settings', icon: 'settings' },
];

export function App({ bridge }: { bridge: Bridge }) {
  return (
    <ControlProvider bridge={bridge}>
      <SharedResourcesProvider>
        <Shell />
      </SharedResourcesProvider>
    </ControlProvider>
  );
}

const sidebarStorageKey = 'handshake.sidebarCollapsed';

function initialView(): ViewName {
  const fromUrl = readUrl('view');
  return (views as readonly string[]).includes(fromUrl ?? '') ? (fromUrl as ViewName) : 'setup';
}

function Shell() {
  const [view, setView] = useState<ViewName>(initialView);
  const [trafficId, setTrafficId] = useState<string | null>(null);
  const [section, setSection] = useState<{ id: string } | null>(null);
  // Until the user chooses, the sidebar folds itself away in a small window.
  const narrow = useMediaQuery('(max-width: 1000px)');
  const [chosen, setChosen] = useState(() => localStorage.getItem(sidebarStorageKey));
  const collapsed = chosen === null ? narrow : chosen === 'true';
  const go = useCallback((next: ViewName, options?: { trafficId?: string; section?: string }) => {
    setView(next);
    if (options?.trafficId) setTrafficId(options.trafficId);
    setSection(options?.section ? { id: options.section } : null);
    if (!options?.section) document.getElementById('main')?.focus();
  }, []);
  const navigation: Navigation = useMemo(() => ({ view, trafficId, go }), [view, trafficId, go]);
  useEffect(() => {
    document.title = `${nav.find((item) => item.view === view)?.label} · Handshake`;
    writeUrl({ view: view === 'setup' ? null : view });
  }, [view]);
  // A card asked for by name (e.g. "keeps newest 5,000" → Settings' Traffic log): scrolled to once it renders.
  useEffect(() => {
    if (!section) return;
    const timer = setInterval(() => {
      const target = document.getElementById(section.id);
      if (!target) return;
      clearInterval(timer);
      target.scrollIntoView?.({ block: 'start' });
      (target.querySelector('input, select, textarea, button') as HTMLElement | null)?.focus();
    }, 30);
    const stop = setTimeout(() => clearInterval(timer), 3000);
    return () => {
      clearInterval(timer);
      clearTimeout(stop);
    };
  }, [section]);
  const toggleSidebar = () => {
    setChosen(String(!collapsed));
    localStorage.setItem(sidebarStorageKey, String(!collapsed));
  };

  return (
    <NavigationContext.Provider value={navigation}>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <div className={`shell${collapsed ? ' sidebar-collapsed' : ''}`}>
        <Sidebar view={view} go={go} collapsed={collapsed} onToggle={toggleSidebar} />
        <main id="main" className="main" tabIndex={-1}>
          <ConnectionBanner />
          {view === 'setup' && <SetupView />}
          {view === 'clients' && <ClientsView />}
          {view === 'users' && <UsersView />}
          {view === 'traffic' && <TrafficView />}
          {view === 'settings' && <SettingsView />}
        </main>
      </div>
    </NavigationContext.Provider>
  );
}

function Sidebar({
  view,
  go,
  collapsed,
  onToggle,
}: {
  view: ViewName;
  go: (view: ViewName) => void;
  collapsed: boolean;
  onToggle: () => void;
}) {
  const { data: status } = useStatus();
  const traffic = useTraffic();
  const problems = useMemo(() => traffic.entries.reduce((n, row) => n + (isFailed(row) ? 1 : 0), 0), [traffic.entries]);
  const tunnel = status?.tunnel.state ?? 'off';
  return (
    <nav className="sidebar" aria-label="Main">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">
          <Icon name="handshake" size={18} />
        </span>
        <span className="brand-name">Handshake</span>
        <button
          type="button"
          className="button icon-button sidebar-toggle"
          onClick={onToggle}
          aria-expanded={!collapsed}
          aria-label={collapsed ? 'Expand the sidebar' : 'Collapse the sidebar'}
          title={collapsed ? 'Expand the sidebar' : 'Collapse the sidebar'}
        >
          <Icon name="sidebar" />
        </button>
      </div>
      <ul className="nav-list">
        {nav.map((item) => (
          <li key={item.view}>
            <button
              type="button"
              className={`nav-item${view === item.view ? ' active' : ''}`}
              aria-current={view === item.view ? 'page' : undefined}
              onClick={() => go(item.view)}
              title={collapsed ? item.label : undefined}
            >
              <Icon name={item.icon} />
              <span className="nav-label">{item.label}</span>
              {item.view === 'traffic' && traffic.entries.length > 0 && (
                <span
                  className={`nav-count${problems ? ' has-problems' : ''}`}
                  aria-label={`${traffic.entries.length} requests${problems ? `, ${problems} with problems` : ''}`}
                >
                  {traffic.entries.length > 9999 ? `${Math.floor(traffic.entries.length / 1000)}k` : traffic.entries.length}
                </span>
              )}
            </button>
          </li>
        ))}
      </ul>
      <div className="sidebar-footer">
        {status && (
          <>
            <div className="sidebar-fact" title={`Server ${status.listener.state === 'listening' ? 'running' : 'stopped'}`}>
              <span className={`dot dot-${status.listener.state === 'listening' ? 'ok' : 'error'}`} aria-hidden="true" />
              <span className="fact-label">Server {status.listener.state === 'listening' ? 'running' : 'stopped'}</span>
            </div>
            <div className="sidebar-fact" title={`Tunnel ${tunnel}`}>
              <span
                className={`dot dot-${tunnel === 'online' ? 'ok' : tunnel === 'error' ? 'error' : tunnel === 'off' ? 'off' : 'warn'}`}
                aria-hidden="true"
              />
              <span className="fact-label">Tunnel {tunnel}</span>
            </div>
            <div className="sidebar-fact muted">
              v{status.version} · {status.mode}
            </div>
          </>
        )}
      </div>
    </nav>
  );
}

function ConnectionBanner() {
  const { connection } = useControl();
  const { error } = useStatus();
  if (connection === 'unauthorized' || error?.code === 'unauthorized') {
    return (
      <Notice level="error" title="This dashboard link is no longer valid">
        Open the Dashboard URL that <code>npm run serve</code> printed (it ends with <code>#token=…</code>).
      </Notice>
    );
  }
  if (connection === 'reconnecting') {
    return (
      <Notice level="warn" title="Lost the connection to Handshake — reconnecting…">
        Live updates resume when it is back.
      </Notice>
    );
  }
  return null;
}

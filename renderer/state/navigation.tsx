import { createContext, useContext } from 'react';

export const views = ['setup', 'clients', 'users', 'traffic', 'settings'] as const;
export type ViewName = (typeof views)[number];

export interface Navigation {
  view: ViewName;
  /** The traffic entry to select when opening the Traffic view. */
  trafficId: string | null;
  /** `section`: the id of a card to scroll to and focus once the view is shown. */
  go(view: ViewName, options?: { trafficId?: string; section?: string }): void;
}

export const NavigationContext = createContext<Navigation>({ view: 'setup', trafficId: null, go: () => {} });

export function useNavigation(): Navigation {
  return useContext(NavigationContext);
}

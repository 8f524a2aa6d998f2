import { createContext, type ReactNode, useContext, useEffect } from 'react';
import type { Status } from '../../server/control/control-api';
import type { Settings } from '../../server/settings/settings';
import { useControl } from './control-context';
import { type ResourceState, useResource } from './use-resource';

interface SharedResources {
  status: ResourceState<Status>;
  settings: ResourceState<Settings>;
}

const SharedResourcesContext = createContext<SharedResources | null>(null);

/** Status and settings are read by every view: loaded once, kept fresh by events. */
export function SharedResourcesProvider({ children }: { children: ReactNode }) {
  const status = useResource((api) => api.getStatus(), 'status');
  const settings = useResource((api) => api.getSettings(), 'settings');
  const { traffic } = useControl();
  const ringSize = settings.data?.trafficRingSize;
  useEffect(() => {
    if (ringSize) traffic.setLimit(ringSize);
  }, [traffic, ringSize]);
  return <SharedResourcesContext.Provider value={{ status, settings }}>{children}</SharedResourcesContext.Provider>;
}

function useShared(): SharedResources {
  const value = useContext(SharedResourcesContext);
  if (!value) throw new Error('used outside SharedResourcesProvider');
  return value;
}

export const useStatus = () => useShared().status;
export const useSettings = () => useShared().settings;

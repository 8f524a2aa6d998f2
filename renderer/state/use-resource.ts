import { useCallback, useEffect, useRef, useState } from 'react';
import type { ControlEvent } from '../../server/control/control-api';
import type { Bridge } from '../bridge/bridge';
import { asControlCallError, type ControlCallError } from '../bridge/control-call-error';
import { useControl } from './control-context';

type Resource = Extract<ControlEvent, { type: 'changed' }>['resource'];

export interface ResourceState<T> {
  data: T | undefined;
  error: ControlCallError | null;
  loading: boolean;
  reload: () => void;
  /** Replace the data with a call's answer (e.g. after updateSettings) without a refetch. */
  set: (data: T) => void;
  /** Change part of the data, based on the latest value (not a render's stale copy). */
  update: (change: (current: T) => T) => void;
}

/**
 * A snapshot that stays fresh: listens first, then loads, and reloads when the core says `resource` changed
 * (or, for status, takes the pushed status as is).
 */
export function useResource<T>(load: (api: Bridge) => Promise<T>, refreshOn: Resource | 'status' | null): ResourceState<T> {
  const { api, hub, resyncs } = useControl();
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<ControlCallError | null>(null);
  const [loading, setLoading] = useState(true);
  const loadRef = useRef(load);
  loadRef.current = load;
  const generation = useRef(0);

  const reload = useCallback(() => {
    const mine = ++generation.current;
    setLoading(true);
    loadRef.current(api).then(
      (value) => {
        if (mine !== generation.current) return;
        setData(value);
        setError(null);
        setLoading(false);
      },
      (failure: unknown) => {
        if (mine !== generation.current) return;
        setError(asControlCallError(failure));
        setLoading(false);
      },
    );
  }, [api]);

  useEffect(() => {
    const off = hub.add((event) => {
      if (refreshOn === 'status' && event.type === 'status') {
        generation.current++;
        setData(event.status as T);
        setError(null);
        setLoading(false);
      } else if (event.type === 'changed' && event.resource === refreshOn) {
        reload();
      }
    });
    reload();
    return off;
  }, [hub, reload, refreshOn, resyncs]);

  const set = useCallback((value: T) => {
    generation.current++;
    setData(value);
    setError(null);
  }, []);

  const update = useCallback((change: (current: T) => T) => {
    setData((current) => (current === undefined ? current : change(current)));
  }, []);

  return { data, error, loading, reload, set, update };
}

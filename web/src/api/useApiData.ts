import { useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiError, type Query } from './client';

export interface ApiData<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  reload(): void;
}

/**
 * Loads a GET endpoint and reloads it when the path or query change. `path = null` waits (for
 * example until a province is chosen). A stale response never overwrites a newer one: the
 * previous request is aborted when the inputs change.
 */
export function useApiData<T>(path: string | null, query?: Query): ApiData<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<ApiError>();
  const [loading, setLoading] = useState(path !== null);
  const [version, setVersion] = useState(0);
  // Query objects are usually created inline, so compare them by value.
  const queryKey = JSON.stringify(query ?? {});

  useEffect(() => {
    if (path === null) {
      setData(undefined);
      setLoading(false);
      return;
    }
    const controller = new AbortController();
    setLoading(true);
    setError(undefined);
    api.get<T>(path, JSON.parse(queryKey) as Query, controller.signal).then(
      (result) => {
        if (controller.signal.aborted) return;
        setData(result);
        setLoading(false);
      },
      (failure: unknown) => {
        if (controller.signal.aborted) return;
        setError(failure instanceof ApiError ? failure : new ApiError(0, 'UNEXPECTED', String(failure)));
        setLoading(false);
      },
    );
    return () => controller.abort();
  }, [path, queryKey, version]);

  const reload = useCallback(() => setVersion((value) => value + 1), []);
  return { data, error, loading, reload };
}

/**
 * Loads what takes more than one request (every page of a list, added up) and loads it again when
 * `key` changes or on reload(); `key = null` waits. `load` receives a signal that is aborted when
 * the key changes, so a stale result never replaces a newer one.
 */
export function useApiLoad<T>(key: string | null, load: (signal: AbortSignal) => Promise<T>): ApiData<T> {
  const [version, setVersion] = useState(0);
  const fullKey = key === null ? null : `${key}#${version}`;
  const [state, setState] = useState<{ key: string | null; data?: T; error?: ApiError }>({ key: null });
  const loader = useRef(load);
  loader.current = load;

  useEffect(() => {
    if (fullKey === null) return;
    const controller = new AbortController();
    loader.current(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setState({ key: fullKey, data });
      },
      (failure: unknown) => {
        if (controller.signal.aborted) return;
        setState({ key: fullKey, error: failure instanceof ApiError ? failure : new ApiError(0, 'UNEXPECTED', String(failure)) });
      },
    );
    return () => controller.abort();
  }, [fullKey]);

  const reload = useCallback(() => setVersion((value) => value + 1), []);
  const current = fullKey !== null && state.key === fullKey;
  return { data: current ? state.data : undefined, error: current ? state.error : undefined, loading: fullKey !== null && !current, reload };
}

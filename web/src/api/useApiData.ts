import { useCallback, useEffect, useState } from 'react';
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

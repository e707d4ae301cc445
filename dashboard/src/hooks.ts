import { useCallback, useEffect, useRef, useState } from "react";
import { ApiError } from "./api/client";

/** Loads once, and again every `everyMs` while `live` (the API has no push channel: polling is the live update). */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[], everyMs?: number, live = true) {
  const [data, setData] = useState<T | undefined>();
  const [error, setError] = useState<ApiError | Error | undefined>();
  const loadRef = useRef(load);
  loadRef.current = load;
  const refresh = useCallback(async () => {
    try {
      setData(await loadRef.current());
      setError(undefined);
    } catch (e) {
      setError(e as Error);
    }
  }, []);
  useEffect(() => {
    void refresh();
    if (!everyMs || !live) return;
    const timer = window.setInterval(() => void refresh(), everyMs);
    return () => window.clearInterval(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, everyMs, live]);
  return { data, error, refresh };
}

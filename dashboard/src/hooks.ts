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

/** Cursor paging state: a stack of cursors so Previous works without ending_before bookkeeping. */
export function useCursor() {
  const [cursors, setCursors] = useState<string[]>([]);
  return {
    after: cursors[cursors.length - 1] as string | undefined,
    canPrev: cursors.length > 0,
    reset: () => setCursors([]),
    next: (cursor: string | null | undefined) => cursor && setCursors((c) => [...c, cursor]),
    prev: () => setCursors((c) => c.slice(0, -1)),
  };
}

/** Runs an action for a button: busy flag, the error for an ErrorBox, and an optional refresh afterwards. */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error>();
  const run = useCallback(async (action: () => Promise<unknown>) => {
    setBusy(true);
    setError(undefined);
    try {
      await action();
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, run };
}

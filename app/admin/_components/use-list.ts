"use client";
// React's side of the portal's framework-free stores: a ListQuery made once per page (or per
// `key`), started and stopped with it; polling while the tab is visible; a clock for "ends in".
import { useEffect, useMemo, useRef, useState, useSyncExternalStore, useLayoutEffect } from "react";
import { ListQuery, type ListQueryOptions } from "../_lib/list-query";

export function useListQuery<R, F>(opts: ListQueryOptions<R, F>, key = "") {
  // the options are read when asked (the fetch sees the latest props), the store made once per key
  const ref = useRef(opts);
  useLayoutEffect(() => {
    ref.current = opts;
  });
  // eslint-disable-next-line react-hooks/exhaustive-deps -- one store per key; its options through the ref
  const query = useMemo(
    () =>
      new ListQuery<R, F>({
        ...opts,
        fetch: (p, n) => ref.current.fetch(p, n),
        onError: (e) => ref.current.onError?.(e),
        errorText: (e) => ref.current.errorText?.(e) ?? String(e),
      }),
    [key],
  );
  useEffect(() => {
    query.start();
    return () => query.dispose();
  }, [query]);
  const snap = useSyncExternalStore(query.subscribe, query.getSnapshot, query.getSnapshot);
  return [query, snap] as const;
}

/** run `fn` every `everyMs` while the page is visible (and once when it becomes visible again) */
export function usePolling(fn: () => void, everyMs: number, enabled = true) {
  const ref = useRef(fn);
  useLayoutEffect(() => {
    ref.current = fn;
  });
  useEffect(() => {
    if (!enabled) return;
    let timer: ReturnType<typeof setInterval> | null = null;
    const startTimer = () => {
      if (timer || document.visibilityState !== "visible") return;
      timer = setInterval(() => ref.current(), everyMs);
    };
    const stopTimer = () => {
      if (timer) clearInterval(timer);
      timer = null;
    };
    const onVisibility = () => {
      if (document.visibilityState === "visible") {
        ref.current();
        startTimer();
      } else stopTimer();
    };
    startTimer();
    document.addEventListener("visibilitychange", onVisibility);
    return () => {
      stopTimer();
      document.removeEventListener("visibilitychange", onVisibility);
    };
  }, [everyMs, enabled]);
}

/** the time, every `everyMs` (for "ends in 5 minutes") */
export function useNow(everyMs = 15_000) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(id);
  }, [everyMs]);
  return now;
}

"use client";
// React's side of a CursorFeed: made once per `key` (another member, another coin), its first
// page asked for at once, its options read when asked (the fetch sees the latest props).
import { useEffect, useLayoutEffect, useMemo, useRef, useSyncExternalStore } from "react";
import { CursorFeed, type CursorFeedOptions } from "../../_lib/cursor-feed";

export function useCursorFeed<R, C>(opts: CursorFeedOptions<R, C>, key: string) {
  const ref = useRef(opts);
  useLayoutEffect(() => {
    ref.current = opts;
  });
  const feed = useMemo(
    () =>
      new CursorFeed<R, C>({
        fetch: (c) => ref.current.fetch(c),
        key: (r) => ref.current.key(r),
        errorText: (e) => ref.current.errorText?.(e) ?? String(e),
      }),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- one feed per key; its options through the ref
    [key],
  );
  useEffect(() => {
    void feed.reload();
    return () => feed.dispose();
  }, [feed]);
  const snap = useSyncExternalStore(feed.subscribe, feed.getSnapshot, feed.getSnapshot);
  return [feed, snap] as const;
}
